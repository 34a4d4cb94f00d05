package io.featuredrop.service.runs;

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
public class RunFollower {

    private static final Logger LOG = Logger.getLogger(RunFollower.class);

    private final StatusFold fold = new StatusFold(new RunBoard());

    public RunFollower(MeterRegistry metrics, @ConfigProperty(name = "featuredrop.service.role") String role) {
        for (RunState state : RunState.values()) {
            Gauge.builder("featuredrop." + role + ".runs", fold.board(), b -> b.count(state)).tag("state", state.name().toLowerCase())
                    .description("runs this " + role + " knows, by state").register(metrics);
        }
    }

    public RunBoard board() {
        return fold.board();
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
