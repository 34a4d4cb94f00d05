package io.featuredrop.runs;

import io.featuredrop.events.RunProgress;
import io.featuredrop.events.RunState;
import io.featuredrop.topics.ReplayPosition;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.WireFormatException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds {@code fd.run-progress} into a {@link RunBoard} beside the statuses of {@code fd.run-status}
 * ({@link StatusFold}): each record is the run's PROGRESS status, and its loss curve replaces the
 * board's curve of the run (the latest record holds the whole curve, which survives compaction).
 */
public final class ProgressFold {

    private static final Logger LOG = LoggerFactory.getLogger(ProgressFold.class);

    private final RunBoard board;
    private final ReplayPosition position = new ReplayPosition();
    private final AtomicLong unreadable = new AtomicLong();

    public ProgressFold(RunBoard board) {
        this.board = board;
    }

    /** @return the record, or null if it was unreadable */
    public RunProgress accept(byte[] value, int partition, long offset) {
        RunProgress progress = null;
        try {
            progress = JsonEvents.decode(value, RunProgress.class);
            if (progress.runId() == null || progress.state() != RunState.PROGRESS || progress.step() == null) {
                throw new WireFormatException("a progress record needs runId, state PROGRESS and step");
            }
            board.apply(progress.status(), null);
            if (progress.curveSteps() != null && progress.curveStride() != null && progress.curveStride() >= 1) {
                board.losses().restore(progress.runId(), progress.curveStride(), progress.curveSteps(), progress.curveLosses());
            }
        } catch (WireFormatException | IllegalArgumentException e) {
            unreadable.incrementAndGet();
            LOG.warn("skipping unreadable fd.run-progress record at partition {} offset {}: {}", partition, offset, e.getMessage());
            progress = null;
        }
        position.read(partition, offset);
        return progress;
    }

    public long unreadableCount() {
        return unreadable.get();
    }

    /** How far this fold has read fd.run-progress. */
    public ReplayPosition position() {
        return position;
    }
}
