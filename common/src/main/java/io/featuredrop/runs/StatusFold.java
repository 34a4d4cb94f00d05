package io.featuredrop.runs;

import io.featuredrop.events.RunStatus;
import io.featuredrop.topics.ReplayPosition;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.WireFormatException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Folds {@code fd.run-status} records into a {@link RunBoard} and remembers how far it has read
 * each partition, so a service can tell when its board has caught up with the topic's history.
 * An unreadable status (another service's output, not user input) is counted and skipped.
 */
public final class StatusFold {

    private static final Logger LOG = LoggerFactory.getLogger(StatusFold.class);

    private final RunBoard board;
    private final ReplayPosition position = new ReplayPosition();
    private final AtomicLong unreadable = new AtomicLong();

    public StatusFold(RunBoard board) {
        this.board = board;
    }

    public RunBoard board() {
        return board;
    }

    /** @return the status, or null if the record was unreadable */
    public RunStatus accept(byte[] value, String decisionSource, int partition, long offset) {
        RunStatus status = null;
        try {
            status = JsonEvents.decode(value, RunStatus.class);
            if (status.runId() == null || status.state() == null) {
                throw new WireFormatException("status without runId or state");
            }
            board.apply(status, decisionSource);
        } catch (WireFormatException e) {
            unreadable.incrementAndGet();
            LOG.warn("skipping unreadable fd.run-status record at partition {} offset {}: {}", partition, offset, e.getMessage());
            status = null;
        }
        position.read(partition, offset);
        return status;
    }

    public long unreadableCount() {
        return unreadable.get();
    }

    /** How far this fold has read fd.run-status. */
    public ReplayPosition position() {
        return position;
    }
}
