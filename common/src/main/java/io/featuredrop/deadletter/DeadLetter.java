package io.featuredrop.deadletter;

import io.featuredrop.wire.Excerpt;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One fd.dlq record, built so it always fits the topic: the original value whole when it fits
 * {@code maxValueBytes}, otherwise a small JSON reference (digest, size, source partition and offset)
 * that says so; headers carry bounded excerpts, never the unbounded input.
 */
public record DeadLetter(String key, byte[] value, Map<String, String> headers) {

    public static final String REASON = "dead-letter-reason";
    public static final String TOPIC = "dead-letter-topic";
    public static final String PARTITION = "dead-letter-partition";
    public static final String OFFSET = "dead-letter-offset";
    public static final String SERVICE = "dead-letter-service";
    public static final String SHA256 = "dead-letter-sha256";
    public static final String SIZE = "dead-letter-size";
    /** {@code whole} (the value is the original bytes) or {@code reference} (the value points at the original). */
    public static final String ORIGINAL = "dead-letter-original";
    public static final String KEY_SHA256 = "dead-letter-key-sha256";

    public static final int MAX_REASON_CHARS = 2000;
    public static final int MAX_KEY_CHARS = 256;

    /** The dead-letter of {@code source} with {@code reason}, published by {@code service}. */
    public static DeadLetter of(SourceRecord source, String reason, String service, int maxValueBytes) {
        byte[] original = source.value() == null ? new byte[0] : source.value();
        String digest = Excerpt.sha256(original);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(REASON, Excerpt.of(reason == null ? "unknown" : reason, MAX_REASON_CHARS));
        headers.put(TOPIC, source.topic());
        headers.put(PARTITION, Integer.toString(source.partition()));
        headers.put(OFFSET, Long.toString(source.offset()));
        headers.put(SERVICE, service);
        headers.put(SHA256, digest);
        headers.put(SIZE, Integer.toString(original.length));
        String key = source.key();
        if (key != null && key.length() > MAX_KEY_CHARS) {
            headers.put(KEY_SHA256, Excerpt.sha256(key.getBytes(StandardCharsets.UTF_8)));
            key = Excerpt.of(key, MAX_KEY_CHARS);
        }
        if (original.length <= maxValueBytes) {
            headers.put(ORIGINAL, "whole");
            return new DeadLetter(key, original, headers);
        }
        headers.put(ORIGINAL, "reference");
        return new DeadLetter(key, reference(source, digest, original.length, maxValueBytes), headers);
    }

    /** The same dead-letter with its value replaced by the reference (when the broker refused the whole record). */
    public DeadLetter asReference(SourceRecord source) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(ORIGINAL, "reference");
        return new DeadLetter(key, reference(source, h.get(SHA256), Integer.parseInt(h.get(SIZE)), -1), h);
    }

    public boolean whole() {
        return "whole".equals(headers.get(ORIGINAL));
    }

    private static byte[] reference(SourceRecord source, String digest, int size, int limit) {
        // hand-built JSON: every value is a number, a hex digest or a topic name (Kafka's alphabet has no quotes)
        String json = "{\"deadLetter\":\"reference\",\"note\":\"the original record was too large to copy here"
                + (limit >= 0 ? " (limit " + limit + " bytes)" : "") + "; it stays in its source topic until retention removes it\""
                + ",\"topic\":\"" + source.topic() + "\",\"partition\":" + source.partition() + ",\"offset\":" + source.offset()
                + ",\"size\":" + size + ",\"sha256\":\"" + digest + "\"}";
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
