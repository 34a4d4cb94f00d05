package io.featuredrop.wire;

import io.featuredrop.events.RunStatus;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Kafka header names of featuredrop events. Tensor events repeat their metadata here so tools can
 * route and inspect them without decoding the payload. Control events also carry CloudEvents
 * binary-mode headers ({@code ce_*}), written by the SmallRye connector.
 */
public final class EventHeaders {
    public static final String RUN_ID = "fd-run-id";
    public static final String STEP = "fd-step";
    public static final String BATCH_ID = "fd-batch-id";
    public static final String SCHEMA_VERSION = "fd-schema-version";
    public static final String EVENT_TYPE = "fd-event-type";
    public static final String PRECISION = "fd-precision";
    /** On statuses decided at intake: the fd.runs record (partition-offset) they answer, so a redelivery is not answered twice. */
    public static final String SOURCE = "fd-source";

    private EventHeaders() {
    }

    /** Headers of a status record: run id, schema version and, for intake decisions, the answered fd.runs record. */
    public static Map<String, String> forStatus(RunStatus status, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(RUN_ID, status.runId());
        headers.put(SCHEMA_VERSION, Integer.toString(RunStatus.SCHEMA_VERSION));
        if (source != null) {
            headers.put(SOURCE, source);
        }
        return headers;
    }

    /**
     * Headers of a record published to {@code fd.runs} (a run config or a command) as a binary-mode
     * CloudEvent: {@code type} e.g. {@code io.featuredrop.RunConfig}, {@code source} the publisher.
     */
    public static Map<String, String> forRunsRecord(String type, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_type", type);
        headers.put("ce_source", source);
        headers.put("ce_id", java.util.UUID.randomUUID().toString());
        headers.put("content-type", "application/json");
        headers.put(SCHEMA_VERSION, Integer.toString(io.featuredrop.events.RunConfig.SCHEMA_VERSION));
        return headers;
    }

    /** Kafka record headers (UTF-8 values) in the map's order. */
    public static RecordHeaders toRecordHeaders(Map<String, String> headers) {
        RecordHeaders out = new RecordHeaders();
        headers.forEach((k, v) -> out.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return out;
    }
}
