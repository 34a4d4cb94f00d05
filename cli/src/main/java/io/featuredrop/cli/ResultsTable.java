package io.featuredrop.cli;

import io.featuredrop.events.EvalResult;
import io.featuredrop.runs.RunBoard;
import io.featuredrop.runs.RunView;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Probe results as a terminal table: one row per run and checkpoint step, one column per task
 * (accuracy, and in brackets the share of the run's views whose label the probe still reads).
 */
final class ResultsTable {

    private ResultsTable() {
    }

    private static int taskIndex(String task, List<EvalResult> results, RunBoard runs) {
        for (EvalResult r : results) {
            int i = runs.get(r.runId()).map(RunView::config)
                    .flatMap(c -> io.featuredrop.data.DatasetRegistry.find(c.dataset()))
                    .map(d -> d.tasks().stream().map(t -> t.name()).toList().indexOf(task)).orElse(-1);
            if (i >= 0) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    static String render(List<EvalResult> results, RunBoard runs, boolean latestOnly) {
        if (results.isEmpty()) {
            return "no probe results yet";
        }
        List<String> tasks = new ArrayList<>();
        Map<String, Map<Long, Map<String, EvalResult>>> byRun = new TreeMap<>();
        for (EvalResult r : results) {
            if (!tasks.contains(r.task())) {
                tasks.add(r.task());
            }
            byRun.computeIfAbsent(r.runId(), k -> new TreeMap<>()).computeIfAbsent(r.step(), k -> new LinkedHashMap<>()).put(r.task(), r);
        }
        // the dataset's own task order (main task first), not the alphabetical order results are stored in
        tasks.sort(java.util.Comparator.comparingInt(t -> taskIndex(t, results, runs)));
        StringBuilder sb = new StringBuilder(String.format("%-40s %-17s %7s", "RUN", "MODE", "STEP"));
        tasks.forEach(t -> sb.append(String.format("  %-16s", t.toUpperCase() + " (KEPT)")));
        sb.append('\n');
        byRun.forEach((runId, steps) -> {
            String mode = runs.get(runId).map(RunView::config).map(c -> c.mode().wireName()).orElse("-");
            List<Long> shown = latestOnly ? List.of(((TreeMap<Long, ?>) steps).lastKey()) : new ArrayList<>(steps.keySet());
            for (long step : shown) {
                sb.append(String.format("%-40s %-17s %7d", runId, mode, step));
                for (String t : tasks) {
                    EvalResult r = steps.get(step).get(t);
                    sb.append(String.format("  %-16s", r == null ? "-" : r.labelRetention() == null ? String.format("%.3f", r.accuracy())
                            : String.format("%.3f (%.3f)", r.accuracy(), r.labelRetention())));
                }
                sb.append('\n');
            }
        });
        sb.append("accuracy: linear probe top-1 on clean test images; kept: share of test views whose label it still reads");
        return sb.toString();
    }
}
