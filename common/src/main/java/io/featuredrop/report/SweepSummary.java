package io.featuredrop.report;

import io.featuredrop.config.SweepGrid;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.data.TaskInfo;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.RunState;
import io.featuredrop.runs.RunView;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The statistics of finished runs, grouped by sweep (runs outside any sweep form one group of their
 * own), as the dashboard shows them while a sweep is under way: per (dataset, mode) the mean with its
 * 95% interval per task, and Viewmaker - expert per task matched by seed. A run counts once its final
 * checkpoint has been probed on every task of its dataset, so a group's interval narrows as seeds
 * complete and never mixes a half-trained run with finished ones.
 *
 * @param sweep    the sweep's name, or null for runs named outside any sweep
 * @param tasks    the tasks of the group's datasets, in dataset order
 * @param rows     one row per (dataset, mode) over the finished runs
 * @param waiting  runs of the group not counted yet (still training, or final checkpoint not yet probed)
 * @param stopped  runs of the group that ended without completing (FAILED, CANCELLED): never counted, never waited for
 */
public record SweepSummary(String sweep, List<String> tasks, List<ModeSummary.Row> rows, List<ModeComparison.TaskComparison> comparisons,
                           List<String> waiting, List<String> stopped) {

    public static List<SweepSummary> of(List<RunView> runs, List<EvalResult> results) {
        Map<String, List<RunView>> bySweep = new TreeMap<>(Comparator.nullsLast(Comparator.naturalOrder()));
        for (RunView run : runs) {
            if (run.config() != null) {
                bySweep.computeIfAbsent(SweepGrid.sweepOf(run.config()).orElse(null), k -> new ArrayList<>()).add(run);
            }
        }
        List<SweepSummary> out = new ArrayList<>();
        bySweep.forEach((sweep, group) -> out.add(group(sweep, group, results)));
        return out;
    }

    private static SweepSummary group(String sweep, List<RunView> group, List<EvalResult> results) {
        Set<String> tasks = new LinkedHashSet<>();
        List<RunView> finished = new ArrayList<>();
        List<String> waiting = new ArrayList<>();
        List<String> stopped = new ArrayList<>();
        List<EvalResult> counted = new ArrayList<>();
        for (RunView run : group) {
            if (run.state() != null && run.state().isTerminal() && run.state() != RunState.COMPLETED) {
                stopped.add(run.runId());
                continue;
            }
            List<String> runTasks = DatasetRegistry.find(run.config().dataset()).map(d -> d.tasks().stream().map(TaskInfo::name).toList())
                    .orElseGet(() -> results.stream().filter(r -> r.runId().equals(run.runId())).map(EvalResult::task).distinct().toList());
            tasks.addAll(runTasks);
            List<EvalResult> last = results.stream()
                    .filter(r -> r.runId().equals(run.runId()) && r.step() == run.config().steps()).toList();
            if (!runTasks.isEmpty() && last.stream().map(EvalResult::task).distinct().count() >= runTasks.size()) {
                finished.add(run);
                counted.addAll(last);
            } else {
                waiting.add(run.runId());
            }
        }
        // rows in the modes' own order (none, expert, viewmaker, ...), not in the order of run ids
        finished.sort(Comparator.comparing((RunView r) -> r.config().mode().ordinal()).thenComparingLong(r -> r.config().seed()));
        List<String> taskList = List.copyOf(tasks);
        List<ModeSummary.Row> rows = ModeSummary.of(finished, counted);
        return new SweepSummary(sweep, taskList, rows, ModeComparison.reported(rows, taskList, List.of()), waiting, stopped);
    }
}
