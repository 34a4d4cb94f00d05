package io.featuredrop.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.events.FieldError;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads typed fields of one JSON object, collecting a {@link FieldError} per bad field instead of
 * stopping at the first, and remembering which names it knows so unknown ones can be reported.
 */
final class FieldReader {

    private final ObjectNode node;
    private final String prefix;
    private final List<FieldError> errors;
    private final Set<String> known = new LinkedHashSet<>();

    FieldReader(ObjectNode node, String prefix, List<FieldError> errors) {
        this.node = node;
        this.prefix = prefix;
        this.errors = errors;
    }

    private String path(String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    void error(String name, String reason) {
        errors.add(new FieldError(path(name), reason));
    }

    private JsonNode present(String name) {
        known.add(name);
        JsonNode v = node.get(name);
        return v == null || v.isNull() ? null : v;
    }

    boolean has(String name) {
        return present(name) != null;
    }

    Long integer(String name, long dflt, long min, long max) {
        JsonNode v = present(name);
        if (v == null) {
            return dflt;
        }
        if (!v.isNumber()) {
            error(name, "must be an integer, got " + describe(v));
            return null;
        }
        if (v.isFloatingPointNumber() && (!Double.isFinite(v.doubleValue()))) {
            error(name, "must be a finite integer, got " + v.asText());
            return null;
        }
        BigDecimal d = v.decimalValue();
        if (d.stripTrailingZeros().scale() > 0) {
            error(name, "must be an integer, got " + v.asText());
            return null;
        }
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            error(name, "must be in [" + min + ", " + max + "], was " + d.toPlainString());
            return null;
        }
        return d.longValueExact();
    }

    /** A finite number in (lowExclusive, high] or [low, high] as {@code lowInclusive} says. */
    Double number(String name, double dflt, double low, boolean lowInclusive, double high, boolean highInclusive) {
        JsonNode v = present(name);
        if (v == null) {
            return dflt;
        }
        double d;
        if (v.isNumber()) {
            d = v.doubleValue();
        } else if (v.isTextual() && isNonFiniteWord(v.asText())) {
            d = Double.NaN; // "NaN" / "Infinity" typed as strings: report as non-finite, not as a type error
        } else {
            error(name, "must be a number, got " + describe(v));
            return null;
        }
        if (!Double.isFinite(d)) {
            error(name, "must be a finite number, got " + v.asText());
            return null;
        }
        boolean lowOk = lowInclusive ? d >= low : d > low;
        boolean highOk = highInclusive ? d <= high : d < high;
        if (!lowOk || !highOk) {
            error(name, "must be in " + (lowInclusive ? "[" : "(") + low + ", " + high + (highInclusive ? "]" : ")") + ", was " + d);
            return null;
        }
        return d;
    }

    String string(String name, String dflt) {
        JsonNode v = present(name);
        if (v == null) {
            return dflt;
        }
        if (!v.isTextual()) {
            error(name, "must be a string, got " + describe(v));
            return null;
        }
        return v.asText();
    }

    <T> T choice(String name, T dflt, Function<String, java.util.Optional<T>> parse, String allowed) {
        String s = string(name, null);
        if (s == null) {
            return has(name) ? null : dflt;
        }
        java.util.Optional<T> parsed = parse.apply(s);
        if (parsed.isEmpty()) {
            error(name, "unknown value '" + s + "'; one of " + allowed);
            return null;
        }
        return parsed.get();
    }

    Boolean bool(String name, boolean dflt) {
        JsonNode v = present(name);
        if (v == null) {
            return dflt;
        }
        if (!v.isBoolean()) {
            error(name, "must be true or false, got " + describe(v));
            return null;
        }
        return v.booleanValue();
    }

    /** A nested object; null (with an error) if present but not an object, an empty object if absent. */
    ObjectNode object(String name) {
        JsonNode v = present(name);
        if (v == null) {
            return node.objectNode();
        }
        if (!v.isObject()) {
            error(name, "must be an object, got " + describe(v));
            return null;
        }
        return (ObjectNode) v;
    }

    /** Every field this reader was not asked about is a typo or a field of another version. */
    void rejectUnknown() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                String hint = closest(name);
                error(name, "unknown field" + (hint != null ? "; did you mean '" + hint + "'?" : "; known fields: " + String.join(", ", known)));
            }
        }
    }

    private String closest(String name) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(name.toLowerCase(), k.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static boolean isNonFiniteWord(String s) {
        return s.equalsIgnoreCase("nan") || s.matches("(?i)[+-]?inf(inity)?");
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "string \"" + (v.asText().length() > 40 ? v.asText().substring(0, 40) + "..." : v.asText()) + "\"";
        }
        if (v.isBoolean()) {
            return "boolean " + v.asText();
        }
        if (v.isArray()) {
            return "array";
        }
        if (v.isObject()) {
            return "object";
        }
        return v.getNodeType().name().toLowerCase() + " " + v.asText();
    }
}
