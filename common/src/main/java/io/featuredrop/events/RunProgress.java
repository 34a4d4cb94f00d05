package io.featuredrop.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * A PROGRESS record on {@code fd.run-progress}: a PROGRESS {@link RunStatus} (the same fields, so a
 * reader of statuses reads it as one) plus the run's loss curve so far, thinned to at most
 * {@code io.featuredrop.runs.LossHistory.MAX_POINTS} real points ({@code curveSteps[i]},
 * {@code curveLosses[i]}; every {@code curveStride}-th step and the newest). The topic is compacted to
 * each run's latest record, which therefore holds the whole curve a dashboard draws.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RunProgress(int schemaVersion, String runId, RunState state, String service, Instant at, Long step, Double loss,
                          Double stepsPerSecond, Long curveStride, long[] curveSteps, double[] curveLosses) {

    public RunProgress {
        if (curveSteps != null && (curveLosses == null || curveLosses.length != curveSteps.length)) {
            throw new IllegalArgumentException("loss curve of " + runId + ": steps and losses differ in length");
        }
    }

    /** The PROGRESS status this record is. */
    public RunStatus status() {
        return new RunStatus(schemaVersion, runId, state, service, at, null, null, null, step, loss, stepsPerSecond);
    }

    public static RunProgress of(RunStatus progress, long stride, long[] steps, double[] losses) {
        if (progress.state() != RunState.PROGRESS) {
            throw new IllegalArgumentException("not a PROGRESS status: " + progress.state());
        }
        return new RunProgress(progress.schemaVersion(), progress.runId(), progress.state(), progress.service(), progress.at(), progress.step(),
                progress.loss(), progress.stepsPerSecond(), stride, steps, losses);
    }
}
