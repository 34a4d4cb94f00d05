package io.featuredrop.events;

import java.util.Map;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * Announces a checkpoint file in the checkpoint store; the evaluator refuses it if the sha256 differs.
 * {@code compute}: the writing process's engine and thread counts ({@code ComputeSettings}), which the
 * file's bits depend on; absent in checkpoints of earlier versions.
 */
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
        Instant createdAt,
        Map<String, String> compute) {

    public static final int SCHEMA_VERSION = 1;
}
