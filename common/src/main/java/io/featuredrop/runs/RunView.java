package io.featuredrop.runs;

import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;

/**
 * What one service knows of a run from {@code fd.run-status}: the accepted config, the current
 * state (last non-PROGRESS status), and the latest status of any kind (progress included).
 */
public record RunView(String runId, RunConfig config, RunState state, RunStatus latest, String decisionSource) {
}
