package io.featuredrop.wire;

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
}
