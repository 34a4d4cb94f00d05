package io.featuredrop.augmenter.intake;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.Excerpt;
import io.featuredrop.wire.JsonEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The augmenter's only writer of {@code fd.run-status} (CloudEvents binary mode, keyed by runId).
 * A failed send is retried with backoff (the broker may be away) and never dead-letters the record it
 * answers; a status the broker refuses as too large is answered again in a short form that fits.
 */
@ApplicationScoped
public class StatusPublisher {

    private static final Logger LOG = Logger.getLogger(StatusPublisher.class);
    private static final long MAX_BACKOFF_MS = 30_000;
    private final MutinyEmitter<byte[]> statuses;
    private final MeterRegistry metrics;

    public StatusPublisher(@Channel("run-status") MutinyEmitter<byte[]> statuses, MeterRegistry metrics) {
        this.statuses = statuses;
        this.metrics = metrics;
    }

    /** Sends and waits for the broker's acknowledgement; {@code source} names the fd.runs record answered, or null. Returns what was sent. */
    public RunStatus publish(RunStatus status, String source) {
        long backoffMs = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                statuses.sendMessageAndAwait(Message.of(JsonEvents.encode(status)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(status.runId()).withHeaders(EventHeaders.toRecordHeaders(EventHeaders.forStatus(status, source))).build()));
                return status;
            } catch (RuntimeException e) {
                if (causedBy(e, RecordTooLargeException.class) && status.errors() != null) {
                    metrics.counter("featuredrop.augmenter.status.shortened").increment();
                    LOG.warnf("status of run %s too large for fd.run-status; sending it without the error list", status.runId());
                    status = shortened(status);
                    continue;
                }
                metrics.counter("featuredrop.augmenter.status.retries").increment();
                LOG.warnf("publishing %s of run %s failed (attempt %d), retrying in %d ms: %s", status.state(), status.runId(), attempt, backoffMs, e);
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing the status of run " + status.runId(), ie);
            }
            backoffMs = Math.min(backoffMs * 2, MAX_BACKOFF_MS);
        }
    }

    private static RunStatus shortened(RunStatus s) {
        return new RunStatus(s.schemaVersion(), s.runId(), s.state() == null ? RunState.REJECTED : s.state(), s.service(), s.at(),
                Excerpt.of(s.reason(), 1000), null, s.config(), s.step(), s.loss(), s.stepsPerSecond());
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
