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
            String steps = r.config() == null ? "-" : (r.latest().step() == null ? "0" : r.latest().step()) + "/" + r.config().steps();
            String detail = r.latest().reason() == null ? "" : r.latest().reason();
            sb.append(String.format("%-40s %-10s %-22s %-17s %9s  %s%n", r.runId(), r.state(), dataset, mode, steps, detail));
        }
        return sb.toString().stripTrailing();
    }
}
