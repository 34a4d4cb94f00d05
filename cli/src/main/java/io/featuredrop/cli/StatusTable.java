package io.featuredrop.cli;

import io.featuredrop.runs.RunView;
import java.util.List;

/** Runs as a fixed-width table for the terminal. */
final class StatusTable {

    private StatusTable() {
    }

    static String render(List<RunView> runs) {
        StringBuilder sb = new StringBuilder(String.format("%-40s %-10s %-22s %-17s %9s  %s%n", "RUN", "STATE", "DATASET", "MODE", "STEPS", "DETAIL"));
        for (RunView r : runs) {
            String dataset = r.config() == null ? "-" : r.config().dataset();
            String mode = r.config() == null ? "-" : r.config().mode().wireName();
            long done = r.state() == io.featuredrop.events.RunState.COMPLETED && r.config() != null ? r.config().steps()
                    : r.latest().step() == null ? 0 : r.latest().step();
            String steps = r.config() == null ? "-" : done + "/" + r.config().steps();
            String detail = r.latest().reason() != null ? r.latest().reason()
                    : r.latest().loss() != null ? String.format("loss %.4f, %.2f steps/s", r.latest().loss(),
                            r.latest().stepsPerSecond() == null ? 0.0 : r.latest().stepsPerSecond()) : "";
            sb.append(String.format("%-40s %-10s %-22s %-17s %9s  %s%n", r.runId(), r.state(), dataset, mode, steps, detail));
        }
        return sb.toString().stripTrailing();
    }
}
