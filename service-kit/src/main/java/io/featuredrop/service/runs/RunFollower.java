package io.featuredrop.service.runs;

import io.featuredrop.service.replay.CatchUp;
import io.quarkus.arc.properties.IfBuildProperty;
import io.featuredrop.topics.Topics;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.runs.RunBoard;
import io.featuredrop.runs.StatusFold;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Follows fd.run-status for the trainer and the evaluator: a run starts there when the augmenter
 * has ACCEPTED it (they never re-validate into a conflicting status). The board is rebuilt by
 * replaying the topic on start, with each run's progress and loss curve from the compacted
 * fd.run-progress. Gauges: {@code featuredrop.<role>.runs{state}}.
 */
@ApplicationScoped
// the augmenter decides on runs itself (its intake history is its board) and switches this off at build time
@IfBuildProperty(name = "featuredrop.service.follows-runs", stringValue = "true", enableIfMissing = true)
public class RunFollower implements RunBoardSource {

    private static final Logger LOG = Logger.getLogger(RunFollower.class);

    private final StatusFold fold = new StatusFold(new RunBoard());
    private final io.featuredrop.runs.ProgressFold progress = new io.featuredrop.runs.ProgressFold(fold.board());

    private final CatchUp catchUp;
    private final CatchUp progressCatchUp;

    public RunFollower(MeterRegistry metrics, @ConfigProperty(name = "featuredrop.service.role") String role,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.catchUp = new CatchUp(kafkaConfig, Topics.RUN_STATUS, fold.position(), metrics);
        this.progressCatchUp = new CatchUp(kafkaConfig, Topics.RUN_PROGRESS, progress.position(), metrics);
        for (RunState state : RunState.values()) {
            Gauge.builder("featuredrop." + role + ".runs", fold.board(), b -> b.count(state)).tag("state", state.name().toLowerCase())
                    .description("runs this " + role + " knows, by state").register(metrics);
        }
    }

    @Override
    public RunBoard board() {
        return fold.board();
    }

    /**
     * Waits (at most {@code timeout}) until this follower has read fd.run-status up to its end as of
     * now: then a run missing from the board was never accepted, rather than not yet seen. One
     * end-offset query, so a forged record for an unknown run costs milliseconds, not a timeout.
     */
    public boolean awaitCurrent(Duration timeout) {
        return catchUp.awaitCurrentEnd(timeout);
    }

    /** Replays both topics at start-up in the background: the caught-up gauges and log lines say when the board is complete. */
    void onStart(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        Thread t = new Thread(() -> {
            try {
                awaitCaughtUp();
            } catch (RuntimeException e) {
                LOG.warnf("replaying the run history stopped: %s", e.getMessage());
            }
        }, "featuredrop-run-replay");
        t.setDaemon(true);
        t.start();
    }

    /** Blocks until the statuses and progress records that existed at start-up have all been folded in. */
    public void awaitCaughtUp() {
        catchUp.awaitStartEnd();
        progressCatchUp.awaitStartEnd();
    }

    @PreDestroy
    void close() {
        catchUp.close();
        progressCatchUp.close();
    }

    /** Each step's PROGRESS (and the run's loss curve) from the compacted fd.run-progress, into the same board. */
    @Incoming("run-progress")
    public CompletionStage<Void> onProgress(Message<byte[]> msg) {
        IncomingKafkaRecordMetadata<?, ?> meta = msg.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        progress.accept(msg.getPayload(), meta.getPartition(), meta.getOffset());
        return msg.ack();
    }

    @Incoming("run-status")
    public CompletionStage<Void> onStatus(Message<byte[]> msg) {
        IncomingKafkaRecordMetadata<?, ?> meta = msg.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        RunStatus s = fold.accept(msg.getPayload(), null, meta.getPartition(), meta.getOffset());
        if (s != null && s.state() == RunState.ACCEPTED) {
            LOG.infof("following run %s (%s, %s, %d steps)", s.runId(), s.config().dataset(), s.config().mode().wireName(), s.config().steps());
        }
        return msg.ack();
    }
}
