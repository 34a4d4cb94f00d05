package io.featuredrop.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * One linear-probe result: a checkpoint of a run, scored on one downstream task.
 *
 * @param labelRetention share of the run's views of test images whose label the probe still reads
 *                       (label-destruction diagnostic); null when not measured
 * @param provenance resolved facts a reader needs to trust the number: git commit, library
 *                   versions, machine
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvalResult(
        int schemaVersion,
        String runId,
        long step,
        String task,
        int numClasses,
        double accuracy,
        Double labelRetention,
        ProbeSettings probe,
        String solver,
        String checkpointSha256,
        Map<String, String> provenance,
        Instant evaluatedAt) {

    public static final int SCHEMA_VERSION = 1;
}
