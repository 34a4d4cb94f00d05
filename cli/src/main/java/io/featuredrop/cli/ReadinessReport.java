package io.featuredrop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A service's answer to {@code GET /q/health/ready} (Quarkus SmallRye Health JSON: overall
 * {@code status}, and per check {@code name}, {@code status}, {@code data}), reduced to UP or DOWN and,
 * when DOWN, why: the names of the DOWN checks and their data, bounded so that one line stays readable.
 */
record ReadinessReport(boolean up, List<String> reasons) {

    /** Longest shown value of one data entry, and of all reasons together. */
    static final int MAX_VALUE = 160;
    static final int MAX_REASONS = 400;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Quarkus answers 200 when UP and 503 (same JSON) when DOWN; anything else is reported as it came. */
    static ReadinessReport parse(int httpStatus, String body) {
        JsonNode health;
        try {
            health = JSON.readTree(body);
        } catch (Exception e) {
            health = null;
        }
        if (health == null || !health.path("status").isTextual()) {
            return new ReadinessReport(false, List.of("HTTP " + httpStatus + ", not a health answer: " + bounded(String.valueOf(body).strip(), MAX_VALUE)));
        }
        boolean up = httpStatus == 200 && "UP".equals(health.get("status").asText());
        if (up) {
            return new ReadinessReport(true, List.of());
        }
        List<String> reasons = new ArrayList<>();
        for (JsonNode check : health.path("checks")) {
            if (!"UP".equals(check.path("status").asText())) {
                String data = dataOf(check.path("data"));
                reasons.add(check.path("name").asText("unnamed check") + (data.isEmpty() ? "" : ": " + data));
            }
        }
        if (reasons.isEmpty()) {
            reasons.add("HTTP " + httpStatus + ", status " + health.get("status").asText() + ", no check says why");
        }
        return new ReadinessReport(false, List.copyOf(reasons));
    }

    /**
     * A check's data as {@code key=value} pairs. The messaging check lists every channel, ready or not;
     * when some are marked {@code [KO]} only those are the reason, so only those are shown.
     */
    private static String dataOf(JsonNode data) {
        List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
        data.fields().forEachRemaining(entries::add);
        boolean anyKo = entries.stream().anyMatch(e -> text(e.getValue()).startsWith("[KO]"));
        List<String> shown = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : entries) {
            if (!anyKo || text(e.getValue()).startsWith("[KO]")) {
                shown.add(e.getKey() + "=" + bounded(text(e.getValue()), MAX_VALUE));
            }
        }
        return String.join(", ", shown);
    }

    private static String text(JsonNode v) {
        return v.isValueNode() ? v.asText() : v.toString();
    }

    static String bounded(String s, int max) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }

    /** UP, or the reasons in one bounded line. */
    String summary() {
        return up ? "UP" : bounded(String.join("; ", reasons), MAX_REASONS);
    }
}
