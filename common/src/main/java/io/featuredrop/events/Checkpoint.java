package io.featuredrop.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** Announces a checkpoint file in the checkpoint store; the evaluator refuses it if the sha256 differs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Checkpoint(
        int schemaVersion,
        String runId,
        long step,
        CheckpointKind kind,
        String uri,
        String sha256,
        long sizeBytes,
        String service,
        Instant createdAt) {

    public static final int SCHEMA_VERSION = 1;
}
