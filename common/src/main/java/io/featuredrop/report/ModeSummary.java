package io.featuredrop.report;

import io.featuredrop.events.EvalResult;
import io.featuredrop.runs.RunView;
import io.featuredrop.stats.MeanInterval;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each run's last probed checkpoint, grouped by (dataset, mode): per task the mean accuracy over the
 * group's seeds with its 95% Student's t interval, the mean label retention, and each seed's
 * accuracy so that modes can be compared seed by seed ({@link ModeComparison}).
 */
public final class ModeSummary {

    /**
     * One task of one group.
     *
     * @param accuracy       mean over the group's runs with its 95% interval (none with one run)
     * @param keptMean       mean label retention of the runs that measured it, else null
     * @param accuracyBySeed each seed's accuracy; a seed the group ran twice is left out (it has no single partner to pair with)
     */
    public record Cell(String task, MeanInterval accuracy, Double keptMean, Map<Long, Double> accuracyBySeed) {

        public int runs() {
            return accuracy.n();
        }

        public double accuracyMean() {
            return accuracy.mean();
        }
    }

    /** One (dataset, mode) group and its cells, one per task its runs were probed on (look one up with {@link #cell}). */
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
            Map<String, Long> seedOf = new LinkedHashMap<>();
            long step = -1;
            List<String> ids = new ArrayList<>();
            for (RunView run : group) {
                ids.add(run.runId());
                seedOf.put(run.runId(), run.config().seed());
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
            byTask.forEach((task, rs) -> cells.add(cell(task, rs, seedOf)));
            rows.add(new Row(group.get(0).config().dataset(), group.get(0).config().mode().wireName(), ids, step, cells));
        }
        return rows;
    }

    private static Cell cell(String task, List<EvalResult> rs, Map<String, Long> seedOf) {
        MeanInterval accuracy = MeanInterval.of(rs.stream().map(EvalResult::accuracy).toList());
        List<Double> kept = rs.stream().map(EvalResult::labelRetention).filter(k -> k != null).toList();
        Double keptMean = kept.isEmpty() ? null : kept.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        Map<Long, Double> bySeed = new TreeMap<>();
        Set<Long> repeated = new HashSet<>();
        for (EvalResult r : rs) {
            long seed = seedOf.get(r.runId());
            if (bySeed.put(seed, r.accuracy()) != null) {
                repeated.add(seed);
            }
        }
        repeated.forEach(bySeed::remove);
        return new Cell(task, accuracy, keptMean, bySeed);
    }
}
