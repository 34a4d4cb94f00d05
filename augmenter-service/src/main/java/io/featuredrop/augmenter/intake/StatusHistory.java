package io.featuredrop.augmenter.intake;

import io.featuredrop.service.replay.CatchUp;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import io.smallrye.common.annotation.Identifier;
import io.featuredrop.service.runs.RunBoardSource;
import io.featuredrop.runs.RunBoard;
import io.featuredrop.runs.StatusFold;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.EventHeaders;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.featuredrop.augmenter.streaming.AcceptedSeen;
import io.featuredrop.augmenter.streaming.ProgressSeen;
import io.featuredrop.augmenter.streaming.RewindSeen;
import io.featuredrop.augmenter.streaming.RunEnded;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The augmenter's registry of decided runs, rebuilt on every start by replaying
 * {@code fd.run-status} (lifecycle) and the compacted {@code fd.run-progress} from the beginning (event sourcing); intake waits until it has caught up,
 * so a duplicate runId is recognised after a restart too.
 */
@ApplicationScoped
public class StatusHistory implements RunBoardSource {

    private static final Logger LOG = Logger.getLogger(StatusHistory.class);

    private final StatusFold fold = new StatusFold(new RunBoard());
    private final io.featuredrop.runs.ProgressFold progressFold = new io.featuredrop.runs.ProgressFold(fold.board());
    private final CatchUp catchUp;
    private final CatchUp progressCatchUp;

    private final Event<ProgressSeen> progress;

    private static final java.time.Instant STARTED =
            java.time.Instant.ofEpochMilli(java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime());

    private final Event<RunEnded> ended;
    private final Event<RewindSeen> rewinds;
    private final Event<AcceptedSeen> accepted;

    /** {@code kafkaConfig}: the service's Kafka settings as its channels get them (bootstrap servers and security). */
    public StatusHistory(@Identifier("default-kafka-broker") Map<String, Object> kafkaConfig, MeterRegistry metrics,
                         Event<ProgressSeen> progress, Event<RunEnded> ended, Event<RewindSeen> rewinds,
                         Event<AcceptedSeen> accepted) {
        this.accepted = accepted;
        this.catchUp = new CatchUp(kafkaConfig, Topics.RUN_STATUS, fold.position(), metrics);
        this.progressCatchUp = new CatchUp(kafkaConfig, Topics.RUN_PROGRESS, progressFold.position(), metrics);
        this.progress = progress;
        this.ended = ended;
        this.rewinds = rewinds;
    }

    @Override
    public RunBoard board() {
        return fold.board();
    }

    @Incoming("status-history")
    public CompletionStage<Void> onStatus(Message<byte[]> msg) {
        IncomingKafkaRecordMetadata<?, ?> meta = msg.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        var source = meta.getHeaders().lastHeader(EventHeaders.SOURCE);
        RunStatus status = fold.accept(msg.getPayload(), source == null ? null : new String(source.value(), StandardCharsets.UTF_8),
                meta.getPartition(), meta.getOffset());
        if (status != null && status.state() == RunState.PROGRESS && status.step() != null) {
            progress.fire(new ProgressSeen(status.runId(), status.step()));
        }
        if (status != null && status.state() == RunState.REWIND && status.step() != null && !RunIntake.SERVICE.equals(status.service())
                && status.at() != null && status.at().isAfter(STARTED)) {
            // only rewinds asked for while this process lives: older ones were answered by an earlier incarnation
            rewinds.fire(new RewindSeen(status.runId(), status.step(), status.service()));
        }
        if (status != null && status.state() == RunState.ACCEPTED && status.config() != null && catchUp.caughtUp()) {
            // accepted now, perhaps by another replica's intake: its owner starts it (history is resumed on assignment)
            accepted.fire(new AcceptedSeen(status.config()));
        }
        if (status != null && status.state().isTerminal() && status.state() != RunState.REJECTED) {
            ended.fire(new RunEnded(status.runId(), status.state(), status.reason()));
        }
        return msg.ack();
    }

    /** The trainer's PROGRESS (fd.run-progress): acknowledges streamed batches in modes without view gradients. */
    @Incoming("progress-history")
    public CompletionStage<Void> onProgress(Message<byte[]> msg) {
        IncomingKafkaRecordMetadata<?, ?> meta = msg.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        io.featuredrop.events.RunProgress p = progressFold.accept(msg.getPayload(), meta.getPartition(), meta.getOffset());
        if (p != null) {
            progress.fire(new ProgressSeen(p.runId(), p.step()));
        }
        return msg.ack();
    }

    /** Blocks until the statuses and progress records that existed at start-up have all been folded in. */
    public void awaitCaughtUp() {
        catchUp.awaitStartEnd();
        progressCatchUp.awaitStartEnd();
    }

    @PreDestroy
    void close() {
        progressCatchUp.close();
        catchUp.close();
    }

    public long unreadableStatuses() {
        return fold.unreadableCount();
    }
}
