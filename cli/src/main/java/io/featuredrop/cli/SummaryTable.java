package io.featuredrop.cli;

import io.featuredrop.report.ModeSummary;
import java.util.List;
import java.util.Map;

/** The demo's answer in the terminal: one row per mode (mean ± sd over seeds), one column per task, the floor first. */
final class SummaryTable {

    private SummaryTable() {
    }

    static String render(List<ModeSummary.Row> rows, List<String> tasks, Map<String, Double> floor) {
        StringBuilder sb = new StringBuilder(String.format("%-24s %5s %6s", "MODE", "RUNS", "STEP"));
        tasks.forEach(t -> sb.append(String.format("  %-15s %-7s", t.toUpperCase(), "KEPT")));
        sb.append('\n');
        if (!floor.isEmpty()) {
            sb.append(String.format("%-24s %5s %6d", "random encoder (floor)", "-", 0));
            tasks.forEach(t -> sb.append(String.format("  %-15s %-7s", floor.containsKey(t) ? String.format("%.3f", floor.get(t)) : "-", "-")));
            sb.append('\n');
        }
        for (ModeSummary.Row row : rows) {
            sb.append(String.format("%-24s %5d %6s", row.mode(), row.runIds().size(), row.step() < 0 ? "-" : Long.toString(row.step())));
            for (String t : tasks) {
                ModeSummary.Cell c = row.cell(t).orElse(null);
                String acc = c == null ? "-" : c.runs() > 1 ? String.format("%.3f±%.3f", c.accuracyMean(), c.accuracyStd()) : String.format("%.3f", c.accuracyMean());
                String kept = c == null || c.keptMean() == null ? "-" : String.format("%.3f", c.keptMean());
                sb.append(String.format("  %-15s %-7s", acc, kept));
            }
            sb.append('\n');
        }
        sb.append("accuracy: linear probe top-1 on clean test images (mean±sd over seeds); kept: share of the run's views whose label it still reads");
        return sb.toString();
    }
}
