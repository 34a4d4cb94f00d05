package io.featuredrop.cli;

import io.featuredrop.report.ControlRow;
import io.featuredrop.report.ModeComparison;
import io.featuredrop.report.ModeSummary;
import io.featuredrop.stats.MeanInterval;
import java.util.List;

/**
 * The demo's answer in the terminal: the control rows (random encoder, raw pixels), then one row per
 * mode, each cell the mean over seeds with its 95% interval; then, per task, Viewmaker - expert
 * matched by seed (and Viewmaker - floor) with a sentence saying which direction holds.
 */
final class SummaryTable {

    private static final int ACC = 21; // "0.771 [0.756, 0.786]"

    private SummaryTable() {
    }

    static String render(List<ModeSummary.Row> rows, List<String> tasks, List<ControlRow> controls) {
        StringBuilder sb = new StringBuilder(String.format("%-24s %5s %6s", "MODE", "SEEDS", "STEP"));
        tasks.forEach(t -> sb.append(String.format("  %-" + ACC + "s %-7s", t.toUpperCase(), "KEPT")));
        sb.append('\n');
        for (ControlRow c : controls) {
            sb.append(String.format("%-24s %5d %6s", c.name(), c.accuracyBySeed().size(), ControlRow.FLOOR.equals(c.name()) ? "0" : "-"));
            tasks.forEach(t -> sb.append(String.format("  %-" + ACC + "s %-7s", c.interval(t).map(MeanInterval::format).orElse("-"), "-")));
            sb.append('\n');
        }
        int maxSeeds = controls.stream().mapToInt(c -> c.accuracyBySeed().size()).max().orElse(0);
        for (ModeSummary.Row row : rows) {
            sb.append(String.format("%-24s %5d %6s", row.mode(), row.runIds().size(), row.step() < 0 ? "-" : Long.toString(row.step())));
            for (String t : tasks) {
                ModeSummary.Cell c = row.cell(t).orElse(null);
                String kept = c == null || c.keptMean() == null ? "-" : String.format("%.3f", c.keptMean());
                sb.append(String.format("  %-" + ACC + "s %-7s", c == null ? "-" : c.accuracy().format(), kept));
                maxSeeds = Math.max(maxSeeds, c == null ? 0 : c.runs());
            }
            sb.append('\n');
        }
        sb.append(maxSeeds > 1
                ? "accuracy: linear probe top-1 on clean test images, mean over seeds [95% confidence interval, Student's t]"
                : "accuracy: linear probe top-1 on clean test images; one seed, so no interval is possible (--seeds N gives 95% intervals)");
        sb.append("\nkept: share of the run's views whose label the probe still reads; raw pixels: the same probe on the pixels, no encoder");
        if (ControlRow.named(controls, ControlRow.CEILING).isPresent()) {
            sb.append("\nsingle-task ceiling: expert views trained on the photos alone (nothing pasted), same sizes and seeds");
        }
        List<ModeComparison.TaskComparison> comparisons = ModeComparison.reported(rows, tasks, controls);
        if (!comparisons.isEmpty()) {
            sb.append("\n\nPaired by seed (each run minus the run, or control, of the same seed):");
            comparisons.forEach(c -> sb.append("\n  ").append(c.verdict().sentence()));
        }
        return sb.toString();
    }
}
