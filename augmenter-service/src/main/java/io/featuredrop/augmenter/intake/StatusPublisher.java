package io.featuredrop.augmenter.intake;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.publish.RetryWithBackoff;
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
    private final MutinyEmitter<byte[]> statuses;
    private final MeterRegistry metrics;
    private final RetryWithBackoff sends;

    public StatusPublisher(@Channel("run-status") MutinyEmitter<byte[]> statuses, MeterRegistry metrics) {
        this.statuses = statuses;
        this.metrics = metrics;
        this.sends = new RetryWithBackoff(java.time.Duration.ofSeconds(30), RetryWithBackoff::kafkaHopeless,
                e -> metrics.counter("featuredrop.augmenter.status.retries").increment());
    }

    /** Sends and waits for the broker's acknowledgement; {@code source} names the fd.runs record answered, or null. Returns what was sent. */
    public RunStatus publish(RunStatus status, String source) {
        try {
            send(status, source);
            return status;
        } catch (RetryWithBackoff.GaveUp e) {
            if (!RetryWithBackoff.causedBy(e, RecordTooLargeException.class::isInstance) || status.errors() == null) {
                throw e;
            }
            metrics.counter("featuredrop.augmenter.status.shortened").increment();
            LOG.warnf("status of run %s too large for fd.run-status; sending it without the error list", status.runId());
            RunStatus shorter = shortened(status);
            send(shorter, source);
            return shorter;
        }
    }

    private void send(RunStatus status, String source) {
        sends.run("publishing " + status.state() + " of run " + status.runId(), () -> statuses.sendMessageAndAwait(Message.of(JsonEvents.encode(status))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(status.runId())
                        .withHeaders(EventHeaders.toRecordHeaders(io.featuredrop.process.ServiceInstance.stamp(EventHeaders.forStatus(status, source)))).build())));
    }

    private static RunStatus shortened(RunStatus s) {
        return new RunStatus(s.schemaVersion(), s.runId(), s.state() == null ? RunState.REJECTED : s.state(), s.service(), s.at(),
                Excerpt.of(s.reason(), 1000), null, s.config(), s.step(), s.loss(), s.stepsPerSecond());
    }

}
