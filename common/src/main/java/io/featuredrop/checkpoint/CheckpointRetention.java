package io.featuredrop.checkpoint;

import io.featuredrop.events.EvalResult;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which checkpoint steps of a run the store keeps (DESIGN.md section 2): the newest {@code keepLast}
 * (resume needs the newest) and, per task, the step with the best probe accuracy (earliest on a
 * tie). Only steps that have been probed may go: a checkpoint the evaluator has not scored yet is
 * never a candidate.
 */
public final class CheckpointRetention {

    private CheckpointRetention() {
    }

    /** Steps of {@code stored} that may be deleted, given the run's probe results. */
    public static Set<Long> prunable(List<Long> stored, List<EvalResult> results, int keepLast) {
        if (keepLast < 1) {
            throw new IllegalArgumentException("keepLast must be >= 1, was " + keepLast);
        }
        List<Long> steps = stored.stream().distinct().sorted().toList();
        Set<Long> keep = new TreeSet<>(steps.subList(Math.max(0, steps.size() - keepLast), steps.size()));
        Map<String, EvalResult> best = new HashMap<>();
        for (EvalResult r : results) {
            best.merge(r.task(), r, (a, b) -> b.accuracy() > a.accuracy() || (b.accuracy() == a.accuracy() && b.step() < a.step()) ? b : a);
        }
        best.values().forEach(r -> keep.add(r.step()));
        Set<Long> probed = results.stream().map(EvalResult::step).collect(Collectors.toSet());
        return steps.stream().filter(s -> !keep.contains(s) && probed.contains(s))
                .sorted(Comparator.naturalOrder()).collect(Collectors.toCollection(TreeSet::new));
    }
}
