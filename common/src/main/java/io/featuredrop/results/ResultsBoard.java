package io.featuredrop.results;

import io.featuredrop.events.EvalResult;
import io.featuredrop.topics.ReplayPosition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every probe result of every run, folded from {@code fd.eval-results} (the evaluator's read model,
 * rebuilt by replaying the topic on start; the CLI builds the same view). One result per
 * (run, step, task): the first one recorded wins, so a re-delivered or re-evaluated checkpoint
 * never yields a second, conflicting number.
 */
public final class ResultsBoard {

    private record Key(String runId, long step, String task) {
    }

    private final Map<Key, EvalResult> results = new ConcurrentSkipListMap<>(
            Comparator.comparing(Key::runId).thenComparingLong(Key::step).thenComparing(Key::task));
    private final ReplayPosition position = new ReplayPosition();

    /** Records a result; false when that (run, step, task) already has one. */
    public boolean add(EvalResult r) {
        return results.putIfAbsent(new Key(r.runId(), r.step(), r.task()), r) == null;
    }

    /** Records a result read from {@code partition} at {@code offset} (for {@link #position}). */
    public boolean add(EvalResult r, int partition, long offset) {
        position.read(partition, offset);
        return add(r);
    }

    /** Notes a record that was read but not usable, so replay progress still counts it. */
    public void skipped(int partition, long offset) {
        position.read(partition, offset);
    }

    public List<EvalResult> forCheckpoint(String runId, long step) {
        return run(runId).stream().filter(r -> r.step() == step).toList();
    }

    /** A run's results, by step then task. */
    public List<EvalResult> run(String runId) {
        List<EvalResult> out = new ArrayList<>();
        results.forEach((k, v) -> {
            if (k.runId().equals(runId)) {
                out.add(v);
            }
        });
        return out;
    }

    public List<EvalResult> all() {
        return List.copyOf(results.values());
    }

    /** The newest step of a run that has results, or -1. */
    public long latestStep(String runId) {
        return run(runId).stream().mapToLong(EvalResult::step).max().orElse(-1);
    }

    /** How far this board has read fd.eval-results. */
    public ReplayPosition position() {
        return position;
    }
}
