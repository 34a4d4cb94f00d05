package io.featuredrop.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.featuredrop.wire.Excerpt;
import java.time.Instant;
import java.util.List;

/**
 * A status of a run on {@code fd.run-status}. ACCEPTED carries the normalised config, REJECTED the
 * field errors, PROGRESS step/loss/steps-per-second, FAILED the reason.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunStatus(
        int schemaVersion,
        String runId,
        RunState state,
        String service,
        Instant at,
        String reason,
        List<FieldError> errors,
        RunConfig config,
        Long step,
        Double loss,
        Double stepsPerSecond) {

    public static final int SCHEMA_VERSION = 1;
    /** A reason may quote input or an exception message: it is published bounded (with a digest of the rest). */
    public static final int MAX_REASON_CHARS = 4000;

    public RunStatus {
        reason = Excerpt.of(reason, MAX_REASON_CHARS);
    }

    public static RunStatus accepted(RunConfig config, String service) {
        return new RunStatus(SCHEMA_VERSION, config.runId(), RunState.ACCEPTED, service, Instant.now(), null, null, config, null, null, null);
    }

    public static RunStatus rejected(String runId, List<FieldError> errors, String service) {
        String reason = errors.size() + (errors.size() == 1 ? " invalid field: " : " invalid fields: ")
                + String.join("; ", errors.stream().map(FieldError::toString).toList());
        return new RunStatus(SCHEMA_VERSION, runId, RunState.REJECTED, service, Instant.now(), reason, List.copyOf(errors), null, null, null, null);
    }

    public static RunStatus of(String runId, RunState state, String service, String reason) {
        return new RunStatus(SCHEMA_VERSION, runId, state, service, Instant.now(), reason, null, null, null, null, null);
    }

    /** Both halves continue the run from {@code step} (see {@link RunState#REWIND}). */
    public static RunStatus rewind(String runId, String service, long step, String reason) {
        return new RunStatus(SCHEMA_VERSION, runId, RunState.REWIND, service, Instant.now(), reason, null, null, step, null, null);
    }

    public static RunStatus progress(String runId, String service, long step, double loss, double stepsPerSecond) {
        return new RunStatus(SCHEMA_VERSION, runId, RunState.PROGRESS, service, Instant.now(), null, null, null, step, loss, stepsPerSecond);
    }
}
