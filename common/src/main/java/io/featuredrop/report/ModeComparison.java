package io.featuredrop.report;

import io.featuredrop.stats.PairedDifference;
import io.featuredrop.stats.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The question the demo asks, per task: is one mode better than another (or than a control) at 95%,
 * with runs matched by seed? Each comparison is {@code first - second}, its interval and a verdict.
 */
public final class ModeComparison {

    /** The modes the paper compares: Viewmaker against expert views. */
    public static final String VIEWMAKER = "viewmaker";
    public static final String EXPERT = "expert";

    /** One task's paired difference and what it says. */
    public record TaskComparison(String dataset, String task, PairedDifference difference, Verdict verdict) {
    }

    private ModeComparison() {
    }

    /**
     * What the demo and the report show: Viewmaker - expert per task, then Viewmaker - the random-encoder
     * floor per task when the floor was measured.
     */
    public static List<TaskComparison> reported(List<ModeSummary.Row> rows, List<String> tasks, List<ControlRow> controls) {
        List<TaskComparison> out = new ArrayList<>(modes(rows, VIEWMAKER, EXPERT, tasks));
        ControlRow.named(controls, ControlRow.FLOOR).ifPresent(floor -> out.addAll(againstControl(rows, VIEWMAKER, floor, tasks)));
        return out;
    }

    /** {@code first - second} per task of each dataset that ran both modes; empty when none did. */
    public static List<TaskComparison> modes(List<ModeSummary.Row> rows, String first, String second, List<String> tasks) {
        List<TaskComparison> out = new ArrayList<>();
        for (ModeSummary.Row a : rows) {
            if (!a.mode().equals(first)) {
                continue;
            }
            Optional<ModeSummary.Row> b = rows.stream().filter(r -> r.mode().equals(second) && r.dataset().equals(a.dataset())).findFirst();
            if (b.isEmpty()) {
                continue;
            }
            for (String task : tasks) {
                Optional<ModeSummary.Cell> ca = a.cell(task);
                Optional<ModeSummary.Cell> cb = b.get().cell(task);
                if (ca.isPresent() && cb.isPresent()) {
                    out.add(compare(a.dataset(), task, first, ca.get().accuracyBySeed(), second, cb.get().accuracyBySeed()));
                }
            }
        }
        return out;
    }

    /** {@code mode - control} per task, the control's seeds matched with the mode's runs of the same seeds. */
    public static List<TaskComparison> againstControl(List<ModeSummary.Row> rows, String mode, ControlRow control, List<String> tasks) {
        List<TaskComparison> out = new ArrayList<>();
        for (ModeSummary.Row row : rows) {
            if (!row.mode().equals(mode)) {
                continue;
            }
            for (String task : tasks) {
                Map<Long, Double> controlBySeed = control.bySeed(task);
                Optional<ModeSummary.Cell> cell = row.cell(task);
                if (cell.isPresent() && !controlBySeed.isEmpty()) {
                    out.add(compare(row.dataset(), task, mode, cell.get().accuracyBySeed(), control.shortName(), controlBySeed));
                }
            }
        }
        return out;
    }

    private static TaskComparison compare(String dataset, String task, String first, Map<Long, Double> a, String second, Map<Long, Double> b) {
        PairedDifference d = PairedDifference.of(first, a, second, b);
        return new TaskComparison(dataset, task, d, Verdict.of(d, task));
    }
}
