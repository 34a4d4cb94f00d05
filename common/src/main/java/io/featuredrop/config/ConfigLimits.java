package io.featuredrop.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.featuredrop.events.FieldError;
import io.featuredrop.wire.Excerpt;
import java.util.ArrayList;
import java.util.List;

/**
 * Bounds on everything a user can put into {@code fd.runs} (DESIGN.md section 7), so that no answer
 * the services publish can grow with the input: a real config is a few hundred bytes, two levels
 * deep, with short strings; these limits are generous for that and small for everything else.
 */
public final class ConfigLimits {

    /** Largest fd.runs record read as a config or command; larger ones are dead-lettered unread. */
    public static final int MAX_RECORD_BYTES = 64 * 1024;
    /** Objects and arrays nested deeper than this are refused while parsing (a config has depth 2). */
    public static final int MAX_NESTING_DEPTH = 16;
    public static final int MAX_FIELD_NAME_CHARS = 128;
    public static final int MAX_STRING_CHARS = 1024;
    public static final int MAX_NUMBER_CHARS = 64;
    /** Most field errors listed in one REJECTED status; the rest are counted. */
    public static final int MAX_ERRORS = 20;
    /** Longest field path and reason of one listed error. */
    public static final int MAX_ERROR_FIELD_CHARS = 96;
    public static final int MAX_ERROR_REASON_CHARS = 400;

    private static final ObjectMapper STRICT = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_NESTING_DEPTH)
                            .maxNameLength(MAX_FIELD_NAME_CHARS)
                            .maxStringLength(MAX_STRING_CHARS)
                            .maxNumberLength(MAX_NUMBER_CHARS)
                            .maxDocumentLength(MAX_RECORD_BYTES)
                            .build())
                    .build())
            // a key given twice is ambiguous (which one did the user mean?): refuse it, never pick one
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            // users may type NaN; the validator then names the field instead of failing the parse
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    private ConfigLimits() {
    }

    /** The parser of user records: every limit above enforced while reading, before anything is built. */
    public static ObjectMapper strictMapper() {
        return STRICT;
    }

    /** The reason an fd.runs record is too large to read, or null when it is within the limit. */
    public static String oversized(byte[] record) {
        return record.length > MAX_RECORD_BYTES
                ? "record of " + record.length + " bytes is larger than the " + MAX_RECORD_BYTES + "-byte limit of a run config or command"
                : null;
    }

    /** At most {@link #MAX_ERRORS} errors, each bounded, and one more saying how many were left out. */
    public static List<FieldError> bounded(List<FieldError> errors) {
        List<FieldError> out = new ArrayList<>();
        for (int i = 0; i < errors.size() && i < MAX_ERRORS; i++) {
            FieldError e = errors.get(i);
            out.add(new FieldError(Excerpt.of(e.field(), MAX_ERROR_FIELD_CHARS), Excerpt.of(e.reason(), MAX_ERROR_REASON_CHARS)));
        }
        if (errors.size() > MAX_ERRORS) {
            out.add(new FieldError("record", (errors.size() - MAX_ERRORS) + " more errors not listed"));
        }
        return List.copyOf(out);
    }
}
