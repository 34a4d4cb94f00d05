package io.featuredrop.report;

import io.featuredrop.events.EvalResult;
import io.featuredrop.runs.RunView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each run's last probed checkpoint, grouped by (dataset, mode): per task the mean accuracy and
 * label retention over the group's seeds, with the standard deviation when there are several.
 */
public final class ModeSummary {

    /** Mean and sample standard deviation of one task's final accuracy (and retention) over seeds. */
    public record Cell(String task, int runs, double accuracyMean, double accuracyStd, Double keptMean) {
    }

    /** One (dataset, mode) group and its cells in the dataset's task order. */
    public record Row(String dataset, String mode, List<String> runIds, long step, List<Cell> cells) {
        public Optional<Cell> cell(String task) {
            return cells.stream().filter(c -> c.task().equals(task)).findFirst();
        }
    }

    private ModeSummary() {
    }

    public static List<Row> of(List<RunView> runs, List<EvalResult> results) {
        Map<String, List<RunView>> groups = new LinkedHashMap<>();
        for (RunView run : runs) {
            if (run.config() != null) {
                groups.computeIfAbsent(run.config().dataset() + "\u0000" + run.config().mode().wireName(), k -> new ArrayList<>()).add(run);
            }
        }
        List<Row> rows = new ArrayList<>();
        for (List<RunView> group : groups.values()) {
            Map<String, List<EvalResult>> byTask = new LinkedHashMap<>();
            long step = -1;
            List<String> ids = new ArrayList<>();
            for (RunView run : group) {
                ids.add(run.runId());
                long last = results.stream().filter(r -> r.runId().equals(run.runId())).mapToLong(EvalResult::step).max().orElse(-1);
                if (last < 0) {
                    continue;
                }
                step = Math.max(step, last);
                for (EvalResult r : results) {
                    if (r.runId().equals(run.runId()) && r.step() == last) {
                        byTask.computeIfAbsent(r.task(), k -> new ArrayList<>()).add(r);
                    }
                }
            }
            List<Cell> cells = new ArrayList<>();
            byTask.forEach((task, rs) -> cells.add(cell(task, rs)));
            rows.add(new Row(group.get(0).config().dataset(), group.get(0).config().mode().wireName(), ids, step, cells));
        }
        return rows;
    }

    private static Cell cell(String task, List<EvalResult> rs) {
        double mean = rs.stream().mapToDouble(EvalResult::accuracy).average().orElse(Double.NaN);
        double var = rs.size() < 2 ? 0 : rs.stream().mapToDouble(r -> (r.accuracy() - mean) * (r.accuracy() - mean)).sum() / (rs.size() - 1);
        List<Double> kept = rs.stream().map(EvalResult::labelRetention).filter(k -> k != null).toList();
        Double keptMean = kept.isEmpty() ? null : kept.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        return new Cell(task, rs.size(), mean, Math.sqrt(var), keptMean);
    }
}
