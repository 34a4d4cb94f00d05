package io.featuredrop.evaluator.evaluation;

import ai.djl.engine.Engine;
import io.featuredrop.checkpoint.CheckpointRejected;
import io.featuredrop.checkpoint.CheckpointRetention;
import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.events.EvalResult;
import io.featuredrop.probe.CheckpointProbe;
import io.featuredrop.runs.RunView;
import io.featuredrop.service.runs.RunFollower;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.service.deadletter.DeadLetters;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Probes every ENCODER checkpoint announced on {@code fd.checkpoints} on every task of its run's
 * dataset and publishes one {@link EvalResult} per task on {@code fd.eval-results}. A checkpoint
 * whose results are already in the replayed view is skipped (redelivery, restart); one whose file
 * is missing, altered (sha256) or unreadable goes to {@code fd.dlq} with the reason. After each
 * evaluation the run's checkpoints are pruned ({@link CheckpointRetention}; keep-last 0 keeps all).
 */
@ApplicationScoped
public class CheckpointEvaluation {

    static final String SERVICE = "evaluator-service";
    private static final Logger LOG = Logger.getLogger(CheckpointEvaluation.class);

    private final ResultsReplay replay;
    private final RunFollower follower;
    private final CheckpointStore store;
    private final MutinyEmitter<byte[]> results;
    private final MeterRegistry metrics;
    private final DeadLetters deadLetters;
    private final io.featuredrop.publish.RetryWithBackoff sends;
    private final Map<String, String> provenance;
    private final int keepLast;
    private final java.util.concurrent.locks.ReentrantLock probeLock = new java.util.concurrent.locks.ReentrantLock();
    private final CheckpointsOwnership ownership;
    private final CheckpointProbe.Options probeOptions;

    public CheckpointEvaluation(ResultsReplay replay, RunFollower follower, CheckpointStore store, @Channel("eval-results") MutinyEmitter<byte[]> results,
                                MeterRegistry metrics, @ConfigProperty(name = "featuredrop.git.commit", defaultValue = "unknown") String commit,
                                @ConfigProperty(name = "featuredrop.retention.keep-last", defaultValue = "3") int keepLast,
                                DeadLetters deadLetters,
                                @io.smallrye.common.annotation.Identifier(CheckpointsOwnership.NAME) CheckpointsOwnership ownership,
                                @ConfigProperty(name = "featuredrop.evaluator.feature-engine", defaultValue = "onnxruntime") String featureEngine,
                                @ConfigProperty(name = "featuredrop.evaluator.export-onnx", defaultValue = "true") boolean exportOnnx) {
        // a wrong engine name stops the start with the reason, instead of every probe failing later
        this.probeOptions = new CheckpointProbe.Options(io.featuredrop.probe.FeatureEngine.parse(featureEngine), exportOnnx);
        this.deadLetters = deadLetters;
        this.ownership = ownership;
        this.sends = new io.featuredrop.publish.RetryWithBackoff(java.time.Duration.ofSeconds(30), io.featuredrop.publish.RetryWithBackoff::kafkaHopeless,
                e -> metrics.counter("featuredrop.publish.retries", "service", SERVICE).increment());
        this.keepLast = keepLast;
        this.replay = replay;
        this.follower = follower;
        this.store = store;
        this.results = results;
        this.metrics = metrics;
        metrics.counter("featuredrop.evaluator.checkpoints", "outcome", "dead_lettered"); // at zero, for alerts' increase()
        this.provenance = provenance(commit);
    }

    @Incoming("checkpoints")
    @Blocking(ordered = true)
    public CompletionStage<Void> onCheckpoint(Message<byte[]> msg) {
        // a probe and a revocation never overlap: a partition is given up between probes, so the next owner
        // sees this probe's results before it decides whether the checkpoint still needs one
        probeLock.lock();
        try {
            int partition = msg.getMetadata(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata.class)
                    .map(io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata::getPartition).orElse(-1);
            if (partition >= 0 && !ownership.ownership().ownsPartition(partition)) {
                metrics.counter("featuredrop.evaluator.checkpoints", "outcome", "not_owned").increment();
                return msg.ack(); // fetched before this replica gave the partition up: its new owner probes it
            }
            return evaluate(msg);
        } finally {
            probeLock.unlock();
        }
    }

    /** Waits for a probe in progress to finish; the ownership listener calls it before giving partitions up. */
    void release() {
        probeLock.lock();
        probeLock.unlock();
    }

    private CompletionStage<Void> evaluate(Message<byte[]> msg) {
        Checkpoint checkpoint;
        try {
            checkpoint = JsonEvents.decode(msg.getPayload(), Checkpoint.class);
            if (checkpoint.runId() == null || checkpoint.kind() == null || checkpoint.uri() == null || checkpoint.sha256() == null) {
                throw new IllegalArgumentException("runId, kind, uri and sha256 are required");
            }
        } catch (RuntimeException e) {
            return deadLetter(msg, "unreadable checkpoint event: " + e.getMessage());
        }
        if (checkpoint.kind() != CheckpointKind.ENCODER) {
            return msg.ack(); // generator checkpoints are for resume and view grids, not probes
        }
        replay.awaitCaughtUp();
        replay.awaitCurrent(java.time.Duration.ofSeconds(30));
        List<EvalResult> earlier = replay.board().forCheckpoint(checkpoint.runId(), checkpoint.step());
        if (earlier.stream().anyMatch(r -> !checkpoint.sha256().equalsIgnoreCase(r.checkpointSha256()))) {
            return deadLetter(msg, "run " + checkpoint.runId() + " step " + checkpoint.step() + " was already evaluated from a file with sha256 "
                    + earlier.get(0).checkpointSha256() + "; this event announces sha256 " + checkpoint.sha256());
        }
        if (earlier.size() >= taskCount(checkpoint.runId())) {
            metrics.counter("featuredrop.evaluator.checkpoints", "outcome", "already_evaluated").increment();
            LOG.infof("run %s step %d already evaluated; skipped", checkpoint.runId(), checkpoint.step());
            return msg.ack();
        }
        long t0 = System.nanoTime();
        List<EvalResult> found;
        try {
            found = CheckpointProbe.evaluate(store, checkpoint, provenance, probeOptions);
        } catch (CheckpointRejected e) {
            return deadLetter(msg, e.getMessage());
        }
        for (EvalResult r : found) {
            if (replay.board().add(r)) {
                sends.run("publishing the " + r.task() + " result of " + r.runId() + " step " + r.step(), () -> results.sendMessageAndAwait(
                        Message.of(JsonEvents.encode(r)).addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(r.runId())
                                .withHeaders(io.featuredrop.wire.EventHeaders.toRecordHeaders(io.featuredrop.process.ServiceInstance.stamp(Map.of())))
                                .build())));
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        metrics.counter("featuredrop.evaluator.checkpoints", "outcome", "evaluated").increment();
        metrics.timer("featuredrop.evaluator.probe").record(java.time.Duration.ofNanos(System.nanoTime() - t0));
        StringBuilder line = new StringBuilder();
        found.forEach(r -> line.append(String.format(" %s %.3f", r.task(), r.accuracy())));
        LOG.infof("run %s step %d probed in %.1f s:%s", checkpoint.runId(), checkpoint.step(), seconds, line);
        prune(checkpoint.runId());
        return msg.ack();
    }

    /** How many results a fully evaluated checkpoint has: the run's task count when the run is known, else any. */
    private int taskCount(String runId) {
        return follower.board().get(runId).map(RunView::config).flatMap(c -> DatasetRegistry.find(c.dataset()))
                .map(d -> d.tasks().size()).orElse(1);
    }

    /** Retention: deletes the run's probed checkpoints that are neither among the newest nor the best of a task. */
    private void prune(String runId) {
        if (keepLast <= 0) {
            return;
        }
        try {
            List<CheckpointStore.Stored> encoders = store.list(runId, CheckpointKind.ENCODER);
            Set<Long> prunable = CheckpointRetention.prunable(encoders.stream().map(CheckpointStore.Stored::step).toList(),
                    replay.board().run(runId), keepLast);
            for (CheckpointKind kind : CheckpointKind.values()) {
                for (CheckpointStore.Stored s : store.list(runId, kind)) {
                    if (prunable.contains(s.step())) {
                        store.delete(s);
                        metrics.counter("featuredrop.evaluator.checkpoints.pruned").increment();
                        LOG.infof("retention: deleted %s", s.uri());
                    }
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.warnf("retention for run %s skipped: %s", runId, e.getMessage());
        }
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> msg, String reason) {
        metrics.counter("featuredrop.evaluator.checkpoints", "outcome", "dead_lettered").increment();
        return deadLetters.send(msg, reason);
    }

    private static Map<String, String> provenance(String commit) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("service", SERVICE);
        p.put("git", commit);
        p.putAll(io.featuredrop.process.ComputeSettings.describe());
        try {
            p.put("host", InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException e) {
            p.put("host", "unknown");
        }
        return Map.copyOf(p);
    }
}
