package io.featuredrop.runs;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each run's training loss over steps, from its PROGRESS statuses, bounded: a run publishes one
 * status per step (tens of thousands for a long run) but a chart needs a few hundred points, and a
 * service keeps this for every run it knows. The series keeps the steps that are multiples of a
 * stride, doubling the stride (and dropping every other kept point) whenever it would exceed
 * {@link #MAX_POINTS}; the newest point is always shown. Points are real losses of real steps,
 * never averages. A step seen again (a run resumed from a checkpoint trains it again) replaces the
 * earlier loss. Thread-safe.
 */
public final class LossHistory {

    public static final int MAX_POINTS = 500;

    /** The loss after training step {@code step}. */
    public record Point(long step, double loss) {
    }

    /** A run's thinned curve: every {@code stride}-th step, plus the newest step. */
    public record Curve(String runId, long stride, List<Point> points) {
    }

    private final Map<String, Series> runs = new ConcurrentHashMap<>();
    private final int maxPoints;

    public LossHistory() {
        this(MAX_POINTS);
    }

    LossHistory(int maxPoints) {
        if (maxPoints < 2) {
            throw new IllegalArgumentException("a curve needs at least 2 points, got " + maxPoints);
        }
        this.maxPoints = maxPoints;
    }

    /** Records a PROGRESS status with a step and a finite loss; ignores every other status. */
    public void accept(RunStatus s) {
        if (s.state() == RunState.PROGRESS && s.step() != null && s.loss() != null && Double.isFinite(s.loss())) {
            runs.computeIfAbsent(s.runId(), id -> new Series()).add(s.step(), s.loss(), maxPoints);
        }
    }

    /**
     * Replaces a run's series with a curve read back (the latest {@code fd.run-progress} record of the
     * run carries it): every {@code stride}-th step of {@code steps}, plus the last one as the newest.
     */
    public void restore(String runId, long stride, long[] steps, double[] losses) {
        if (steps.length != losses.length || stride < 1) {
            throw new IllegalArgumentException("loss curve of " + runId + ": " + steps.length + " steps, " + losses.length + " losses, stride " + stride);
        }
        Series s = new Series();
        s.restore(stride, steps, losses, maxPoints);
        runs.put(runId, s);
    }

    /** Drops a run's series (a trainer keeps curves only of the runs it trains). */
    public void forget(String runId) {
        runs.remove(runId);
    }

    public Optional<Curve> curve(String runId) {
        Series s = runs.get(runId);
        return s == null ? Optional.empty() : Optional.of(s.curve(runId));
    }

    private static final class Series {
        private final TreeMap<Long, Double> kept = new TreeMap<>();
        private long stride = 1;
        private Point newest;

        synchronized void add(long step, double loss, int maxPoints) {
            newest = new Point(step, loss);
            if (step % stride != 0) {
                return;
            }
            kept.put(step, loss);
            // one place stays free for the newest point, which may fall between strides
            while (kept.size() > maxPoints - 1) {
                stride *= 2;
                kept.keySet().removeIf(k -> k % stride != 0);
            }
        }

        synchronized void restore(long stride, long[] steps, double[] losses, int maxPoints) {
            this.stride = stride;
            kept.clear();
            newest = null;
            for (int i = 0; i < steps.length; i++) {
                if (Double.isFinite(losses[i])) {
                    add(steps[i], losses[i], maxPoints);
                }
            }
        }

        synchronized Curve curve(String runId) {
            List<Point> points = new ArrayList<>(kept.size() + 1);
            kept.forEach((step, loss) -> points.add(new Point(step, loss)));
            if (newest != null && !kept.containsKey(newest.step())) {
                int at = 0;
                while (at < points.size() && points.get(at).step() < newest.step()) {
                    at++;
                }
                points.add(at, newest);
            }
            return new Curve(runId, stride, List.copyOf(points));
        }
    }
}
