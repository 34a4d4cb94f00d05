package io.featuredrop.augmenter.intake;

import io.featuredrop.events.RunStatus;
import io.featuredrop.runs.IntakeDecision;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.JsonEvents;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The run's front door (DESIGN.md section 2): every fd.runs record gets exactly one ACCEPTED or
 * REJECTED status, or goes to fd.dlq (with the reason in the dead-letter headers) when it is not a
 * config at all. Never throws on input.
 */
@ApplicationScoped
public class RunIntake {

    static final String SERVICE = "augmenter-service";
    private static final Logger LOG = Logger.getLogger(RunIntake.class);

    private final StatusHistory history;
    private final MutinyEmitter<byte[]> statuses;
    private final MeterRegistry metrics;

    public RunIntake(StatusHistory history, @Channel("run-status") MutinyEmitter<byte[]> statuses, MeterRegistry metrics) {
        this.history = history;
        this.statuses = statuses;
        this.metrics = metrics;
    }

    @Incoming("runs")
    @Blocking(ordered = true)
    public CompletionStage<Void> onRecord(Message<byte[]> msg) {
        history.awaitCaughtUp();
        String source = msg.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset()).orElse(null);
        IntakeDecision.Verdict verdict = IntakeDecision.decide(msg.getPayload(), source, history.board(), SERVICE);
        if (verdict instanceof IntakeDecision.DeadLetter dead) {
            count("dead_lettered");
            LOG.warnf("fd.runs record %s is not a run config, sent to fd.dlq: %s", source, dead.reason());
            return msg.nack(new NotARunConfigException(dead.reason()));
        }
        if (verdict instanceof IntakeDecision.AlreadyAnswered) {
            count("redelivered");
            LOG.infof("fd.runs record %s was answered before; not answering twice", source);
            return msg.ack();
        }
        RunStatus status = ((IntakeDecision.Publish) verdict).status();
        RecordHeaders headers = new RecordHeaders();
        headers.add(EventHeaders.RUN_ID, status.runId().getBytes(StandardCharsets.UTF_8));
        headers.add(EventHeaders.SCHEMA_VERSION, Integer.toString(RunStatus.SCHEMA_VERSION).getBytes(StandardCharsets.UTF_8));
        if (source != null) {
            headers.add(EventHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
        }
        statuses.sendMessageAndAwait(Message.of(JsonEvents.encode(status)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(status.runId()).withHeaders(headers).build()));
        // only once the status is on the topic: a failed send leaves the run undecided
        history.board().apply(status, source);
        count(status.state().name().toLowerCase());
        if (status.reason() != null) {
            LOG.infof("run %s %s: %s", status.runId(), status.state(), status.reason());
        } else {
            LOG.infof("run %s %s (%s, %s, %d steps)", status.runId(), status.state(), status.config().dataset(),
                    status.config().mode().wireName(), status.config().steps());
        }
        return msg.ack();
    }

    private void count(String outcome) {
        metrics.counter("featuredrop.augmenter.intake.records", "outcome", outcome).increment();
    }
}
