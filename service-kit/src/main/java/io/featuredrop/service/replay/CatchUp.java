package io.featuredrop.service.replay;

import io.featuredrop.topics.EndOffsets;
import io.featuredrop.topics.ReplayPosition;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

/**
 * The one catch-up wait of the services' replayed topics (the run board over fd.run-status and fd.run-progress, the
 * results over fd.eval-results): a fold fed by its channel reports its {@link ReplayPosition}; this
 * compares it with the topic's end offsets, read through an admin client made from the service's own
 * Kafka settings (security included, as its channels get them). Exports
 * {@code featuredrop.replay.caught_up{topic}} (1 once the start-up history is read) and
 * {@code featuredrop.replay.records{topic}}.
 */
public final class CatchUp implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CatchUp.class);
    private static final Duration LOG_EVERY = Duration.ofSeconds(30);

    private final Map<String, Object> kafkaConfig;
    private final String topic;
    private final ReplayPosition position;
    private Admin admin;
    private volatile Map<Integer, Long> endAtStart;
    private volatile boolean caughtUp;

    public CatchUp(Map<String, Object> kafkaConfig, String topic, ReplayPosition position, MeterRegistry metrics) {
        this.kafkaConfig = kafkaConfig;
        this.topic = topic;
        this.position = position;
        Gauge.builder("featuredrop.replay.caught_up", this, c -> c.caughtUp ? 1 : 0).tag("topic", topic)
                .description("1 once this service has read the topic's history as it was at start-up").register(metrics);
        FunctionCounter.builder("featuredrop.replay.records", position, ReplayPosition::records).tag("topic", topic)
                .description("records of the topic this service has folded").register(metrics);
    }

    /** True once the history that existed at the first {@link #awaitStartEnd} is read. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /**
     * Blocks until every record that existed at the first call has been read: the service's view of
     * the topic at start-up is complete. Waits out an absent broker, logging every 30 s.
     */
    public void awaitStartEnd() {
        long started = System.nanoTime();
        long lastLog = started;
        while (!caughtUp) {
            try {
                if (endAtStart == null) {
                    endAtStart = EndOffsets.of(admin(), topic);
                }
                if (position.caughtUpWith(endAtStart)) {
                    caughtUp = true;
                    LOG.infof("caught up with %s (%d records) in %d ms", topic, position.records(),
                            Duration.ofNanos(System.nanoTime() - started).toMillis());
                    return;
                }
            } catch (IllegalStateException e) {
                LOG.warnf("waiting for the broker to read %s: %s", topic, e.getMessage());
            }
            if (System.nanoTime() - lastLog > LOG_EVERY.toNanos()) {
                LOG.warnf("still reading the history of %s (end offsets %s, %d records read)", topic, endAtStart, position.records());
                lastLog = System.nanoTime();
            }
            sleep(50);
        }
    }

    /**
     * Waits (at most {@code timeout}) until the topic is read up to its end as of now: then a key
     * missing from the fold was never written, rather than not yet seen. One end-offset query.
     */
    public boolean awaitCurrentEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Integer, Long> ends;
        try {
            ends = EndOffsets.of(admin(), topic);
        } catch (RuntimeException e) {
            LOG.warnf("cannot read the end of %s (%s); waiting %d s instead", topic, e.getMessage(), timeout.toSeconds());
            pause(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
            return false;
        }
        while (!position.caughtUpWith(ends)) {
            if (System.nanoTime() > deadline || !pause(20)) {
                return false;
            }
        }
        return true;
    }

    /** Sleeps; false when interrupted (the flag is kept for the caller). */
    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = EndOffsets.admin(kafkaConfig);
        }
        return admin;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading a topic's history", e);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(5));
            admin = null;
        }
    }
}
