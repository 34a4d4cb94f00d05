package io.featuredrop.augmenter.intake;

import io.featuredrop.service.deadletter.DeadLetters;
import io.featuredrop.augmenter.streaming.ViewStreaming;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.runs.IntakeDecision;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
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
    private final StatusPublisher statuses;
    private final MeterRegistry metrics;
    private final ViewStreaming streaming;
    private final DeadLetters deadLetters;

    public RunIntake(StatusHistory history, StatusPublisher statuses, MeterRegistry metrics, ViewStreaming streaming, DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
        this.history = history;
        this.statuses = statuses;
        this.metrics = metrics;
        this.streaming = streaming;
    }

    @Incoming("runs")
    @Blocking(ordered = true)
    public CompletionStage<Void> onRecord(Message<byte[]> msg) {
        history.awaitCaughtUp();
        String source = msg.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(m -> m.getTopic() + "-" + m.getPartition() + "@" + m.getOffset()).orElse(null);
        IntakeDecision.Verdict verdict;
        try {
            verdict = IntakeDecision.decide(msg.getPayload(), source, history.board(), SERVICE);
        } catch (RuntimeException e) {
            // a bug of ours, not the user's: still answered (fd.dlq with the reason), the channel lives on
            LOG.errorf(e, "fd.runs record %s could not be decided", source);
            count("dead_lettered");
            return deadLetters.send(msg, "could not be decided (internal error): " + e);
        }
        if (verdict instanceof IntakeDecision.DeadLetter dead) {
            count("dead_lettered");
            return deadLetters.send(msg, "not a run config: " + dead.reason());
        }
        if (verdict instanceof IntakeDecision.AlreadyAnswered) {
            count("redelivered");
            LOG.infof("fd.runs record %s was answered before; not answering twice", source);
            return msg.ack();
        }
        // only once the status is on the topic: a send that cannot complete leaves the run undecided
        RunStatus status = statuses.publish(((IntakeDecision.Publish) verdict).status(), source);
        try {
            afterAnswer(status, source);
        } catch (RuntimeException e) {
            // answered already: a fault of ours from here on must not answer the record a second time
            LOG.errorf(e, "run %s %s, but starting it failed", status.runId(), status.state());
        }
        return msg.ack();
    }

    private void afterAnswer(RunStatus status, String source) {
        history.board().apply(status, source);
        count(status.state().name().toLowerCase());
        if (status.state() != RunState.ACCEPTED) {
            LOG.infof("run %s %s: %s", status.runId(), status.state(), status.reason());
        } else {
            LOG.infof("run %s %s (%s, %s, %d steps)", status.runId(), status.state(), status.config().dataset(),
                    status.config().mode().wireName(), status.config().steps());
            streaming.start(status.config());
        }
    }

    private void count(String outcome) {
        metrics.counter("featuredrop.augmenter.intake.records", "outcome", outcome).increment();
    }
}
