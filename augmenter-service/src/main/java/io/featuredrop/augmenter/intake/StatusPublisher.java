package io.featuredrop.augmenter.intake;

import io.featuredrop.events.RunStatus;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.JsonEvents;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/** The augmenter's only writer of {@code fd.run-status} (CloudEvents binary mode, keyed by runId). */
@ApplicationScoped
public class StatusPublisher {

    private final MutinyEmitter<byte[]> statuses;

    public StatusPublisher(@Channel("run-status") MutinyEmitter<byte[]> statuses) {
        this.statuses = statuses;
    }

    /** Sends and waits for the broker's acknowledgement; {@code source} names the fd.runs record answered, or null. */
    public void publish(RunStatus status, String source) {
        statuses.sendMessageAndAwait(Message.of(JsonEvents.encode(status)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(status.runId()).withHeaders(EventHeaders.toRecordHeaders(EventHeaders.forStatus(status, source))).build()));
    }
}
