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
 * replaying the topic on start. Gauges: {@code featuredrop.<role>.runs{state}}.
 */
@ApplicationScoped
// the augmenter decides on runs itself (its intake history is its board) and switches this off at build time
@IfBuildProperty(name = "featuredrop.service.follows-runs", stringValue = "true", enableIfMissing = true)
public class RunFollower implements RunBoardSource {

    private static final Logger LOG = Logger.getLogger(RunFollower.class);

    private final StatusFold fold = new StatusFold(new RunBoard());

    private final CatchUp catchUp;

    public RunFollower(MeterRegistry metrics, @ConfigProperty(name = "featuredrop.service.role") String role,
                       @Identifier("default-kafka-broker") Map<String, Object> kafkaConfig) {
        this.catchUp = new CatchUp(kafkaConfig, Topics.RUN_STATUS, fold.position(), metrics);
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

    @PreDestroy
    void close() {
        catchUp.close();
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
