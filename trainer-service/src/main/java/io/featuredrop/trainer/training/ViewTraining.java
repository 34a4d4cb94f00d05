package io.featuredrop.trainer.training;

import io.featuredrop.checkpoint.CheckpointRejected;
import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.runs.RunView;
import io.featuredrop.service.runs.RunFollower;
import io.featuredrop.split.EncoderSide;
import io.featuredrop.split.ViewBatchDecision;
import io.featuredrop.split.ViewStreamId;
import io.featuredrop.wire.EncodedEvent;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.ViewBatchCodec;
import io.featuredrop.wire.ViewGradientCodec;
import io.featuredrop.wire.WireFormatException;
import io.featuredrop.service.deadletter.DeadLetters;
import io.featuredrop.publish.RetryWithBackoff;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The trainer's step loop (DESIGN.md section 2): each {@code fd.views} batch of an ACCEPTED run is
 * one SimCLR step of that run's encoder; in Viewmaker modes dL/dviews goes back on
 * {@code fd.view-gradients}; every step is acknowledged by a PROGRESS record on {@code fd.run-progress} (step, loss, steps/s, the loss curve so far),
 * the last by COMPLETED; every {@code checkpointEvery} steps and at the last one an ENCODER
 * checkpoint goes to the store and is announced on {@code fd.checkpoints}; a run this trainer
 * (re)starts, or whose fd.views partition moves here, continues from its newest checkpoint pair; a non-finite loss FAILS the run naming the step. A redelivered batch trains
 * nothing; unreadable, unknown-run or out-of-order batches go to fd.dlq with the reason.
 */
@ApplicationScoped
public class ViewTraining {

    static final String SERVICE = "trainer-service";
    private static final Logger LOG = Logger.getLogger(ViewTraining.class);
    private static final Duration CONFIG_WAIT = Duration.ofSeconds(30);

    /** A run being trained; {@code stream} is the batch id of the view stream it follows. */
    private record Active(EncoderSide side, RunConfig config, long startedNanos, long firstStep, long stream) {
    }

    private final Map<String, Active> runs = new ConcurrentHashMap<>();
    /** Per run, the highest owner epoch among the view streams seen: lower ones come from a replica that lost the run. */
    private final Map<String, Long> highestEpoch = new ConcurrentHashMap<>();
    private final java.util.concurrent.locks.ReentrantLock stepLock = new java.util.concurrent.locks.ReentrantLock();
    private final ViewsOwnership ownership;
    private final RunFollower follower;
    private final MutinyEmitter<byte[]> gradients;
    private final MutinyEmitter<byte[]> statuses;
    private final MutinyEmitter<byte[]> progress;
    /** The loss curves of the runs this trainer trains; each PROGRESS carries its run's, so the compacted topic keeps it. */
    private final io.featuredrop.runs.LossHistory curves = new io.featuredrop.runs.LossHistory();
    private final MutinyEmitter<byte[]> checkpoints;
    private final CheckpointStore store;
    private final MeterRegistry metrics;
    private final DeadLetters deadLetters;
    /** Sends wait out a broker that is away; a failed status send never dead-letters the batch it answers. */
    private final RetryWithBackoff sends;
    /** Each run's last loss, read by the {@code featuredrop.trainer.run.loss{run}} gauge. */
    private final Map<String, java.util.concurrent.atomic.AtomicReference<Double>> lastLoss = new ConcurrentHashMap<>();

    public ViewTraining(RunFollower follower, @Channel("view-gradients") MutinyEmitter<byte[]> gradients,
                        @Channel("status-out") MutinyEmitter<byte[]> statuses, @Channel("progress-out") MutinyEmitter<byte[]> progress,
                        @Channel("checkpoints") MutinyEmitter<byte[]> checkpoints,
                        CheckpointStore store, MeterRegistry metrics, DeadLetters deadLetters,
                        @io.smallrye.common.annotation.Identifier(ViewsOwnership.NAME) ViewsOwnership ownership) {
        this.deadLetters = deadLetters;
        this.ownership = ownership;
        this.sends = new RetryWithBackoff(Duration.ofSeconds(30), RetryWithBackoff::kafkaHopeless,
                e -> metrics.counter("featuredrop.publish.retries", "service", SERVICE).increment());
        this.follower = follower;
        this.gradients = gradients;
        this.statuses = statuses;
        this.progress = progress;
        this.checkpoints = checkpoints;
        this.store = store;
        this.metrics = metrics;
        metrics.counter("featuredrop.trainer.batches", "outcome", "dead_lettered"); // at zero, for alerts' increase()
        io.micrometer.core.instrument.Gauge.builder("featuredrop.process.resident_memory", io.featuredrop.process.ResidentMemory::bytes)
                .baseUnit("bytes").description("resident set size: heap, native tensors, code").register(metrics);
    }

    @Incoming("views")
    @Blocking(ordered = true)
    public CompletionStage<Void> onViews(Message<byte[]> msg) {
        ViewBatch batch;
        try {
            batch = ViewBatchCodec.decode(msg.getPayload());
        } catch (WireFormatException | IllegalArgumentException e) {
            return deadLetter(msg, "unreadable view batch: " + e.getMessage());
        }
        Optional<RunView> view = knownRun(batch.runId());
        if (view.isEmpty()) {
            return deadLetter(msg, "views for run " + batch.runId() + ", which is not an accepted run");
        }
        // a step and a revocation never overlap: a partition is given up between steps, never during one
        stepLock.lock();
        try {
            int partition = msg.getMetadata(IncomingKafkaRecordMetadata.class).map(IncomingKafkaRecordMetadata::getPartition).orElse(-1);
            if (partition >= 0 && !ownership.ownership().ownsPartition(partition)) {
                // fetched before this replica gave the partition up: the new owner trains it
                metrics.counter("featuredrop.trainer.batches", "outcome", "not_owned").increment();
                return msg.ack();
            }
            return train(msg, batch, view.get());
        } finally {
            stepLock.unlock();
        }
    }

    /** Closes the runs of partitions this replica has given up; called by the ownership listener between steps. */
    void release(java.util.Set<Integer> partitions) {
        stepLock.lock();
        try {
            for (Active run : List.copyOf(runs.values())) {
                if (ownership.ownership().inPartitions(run.config().runId(), partitions)) {
                    runs.remove(run.config().runId());
                    run.side().close();
                    forgetRun(run.config().runId());
                    metrics.counter("featuredrop.trainer.runs.released").increment();
                    LOG.infof("run %s: partition given up at step %d; its new owner continues from the newest checkpoint pair",
                            run.config().runId(), run.side().nextStep());
                }
            }
        } finally {
            stepLock.unlock();
        }
    }

    private CompletionStage<Void> train(Message<byte[]> msg, ViewBatch batch, RunView view) {
        Active run = runs.get(batch.runId());
        long highest = highestEpoch.getOrDefault(batch.runId(), -1L);
        ViewBatchDecision.Verdict verdict = ViewBatchDecision.decide(view.state().isTerminal(), run == null ? null : run.stream(), highest,
                batch.batchId(), batch.step());
        switch (verdict) {
            case RUN_ENDED -> {
                // CANCELLED (or FAILED elsewhere) while this batch was in flight: the run is over here too
                Active ended = runs.remove(batch.runId());
                forgetRun(batch.runId());
                if (ended != null) {
                    ended.side().close();
                    LOG.infof("run %s %s (%s): stopped training at step %d", batch.runId(), view.state(), view.latest().reason(),
                            ended.side().nextStep());
                }
                metrics.counter("featuredrop.trainer.batches", "outcome", "run_ended").increment();
                return msg.ack();
            }
            case FENCED -> {
                metrics.counter("featuredrop.trainer.batches", "outcome", "fenced").increment();
                LOG.warnf("run %s step %d: views of owner epoch %d, below epoch %d already seen; refused", batch.runId(), batch.step(),
                        ViewStreamId.epoch(batch.batchId()), highest);
                return msg.ack();
            }
            case STALE -> {
                // the rest of a stream that has been replaced (or that we asked to replace): never trained
                metrics.counter("featuredrop.trainer.batches", "outcome", "stale").increment();
                return msg.ack();
            }
            case START_STREAM, RESUME_FROM_CHECKPOINT -> {
                // a new run, a run this trainer meets mid-way (restart, moved partition), or the augmenter streaming
                // again from a checkpoint step: (re)build the encoder side
                if (run != null) {
                    runs.remove(batch.runId());
                    run.side().close();
                }
                highestEpoch.merge(batch.runId(), ViewStreamId.epoch(batch.batchId()), Math::max);
                try {
                    run = start(view.config(), batch, verdict == ViewBatchDecision.Verdict.START_STREAM);
                } catch (IOException | CheckpointRejected | RuntimeException e) {
                    LOG.errorf(e, "run %s: cannot continue", batch.runId());
                    publish(RunStatus.of(batch.runId(), RunState.FAILED, SERVICE, "trainer cannot continue the run: " + e.getMessage()));
                    return msg.ack();
                }
                runs.put(batch.runId(), run);
                if (run.stream() != batch.batchId()) {
                    metrics.counter("featuredrop.trainer.batches", "outcome", "stale").increment();
                    return msg.ack(); // waits for the stream it asked for
                }
            }
            case TRAIN -> {
            }
        }
        EncoderSide.Outcome out;
        try {
            out = run.side().train(batch);
        } catch (EncoderSide.BatchRefused refused) {
            if (refused.duplicate()) {
                metrics.counter("featuredrop.trainer.batches", "outcome", "duplicate").increment();
                return msg.ack();
            }
            return deadLetter(msg, refused.getMessage());
        } catch (RuntimeException e) {
            // a failure of the step itself is the run's, not the message's: FAILED with the reason
            LOG.errorf(e, "run %s: step %d failed", batch.runId(), batch.step());
            finish(run, RunStatus.of(batch.runId(), RunState.FAILED, SERVICE, "trainer step " + batch.step() + " failed: " + e.getMessage()));
            return msg.ack();
        }
        if (!out.ok()) {
            finish(run, RunStatus.of(batch.runId(), RunState.FAILED, SERVICE, "step " + out.step() + ": " + out.failure()
                    + "; the encoder was not updated by that step, its last checkpoint stays"));
            return msg.ack();
        }
        if (out.gradient() != null) {
            EncodedEvent g = ViewGradientCodec.encode(out.gradient());
            sends.run("sending view gradients of " + batch.runId() + " step " + batch.step(),
                    () -> gradients.sendMessageAndAwait(Message.of(g.value()).addMetadata(metadata(batch.runId(), g.headers()))));
        }
        long done = out.step() + 1;
        double rate = (done - run.firstStep()) / Math.max(1e-9, (System.nanoTime() - run.startedNanos()) / 1e9);
        metrics.counter("featuredrop.trainer.steps").increment();
        metrics.counter("featuredrop.trainer.run.steps", "run", batch.runId()).increment();
        lastLoss.computeIfAbsent(batch.runId(), id -> {
            java.util.concurrent.atomic.AtomicReference<Double> holder = new java.util.concurrent.atomic.AtomicReference<>(Double.NaN);
            io.micrometer.core.instrument.Gauge.builder("featuredrop.trainer.run.loss", holder, java.util.concurrent.atomic.AtomicReference::get)
                    .tag("run", id).description("the run's last NT-Xent loss").register(metrics);
            return holder;
        }).set((double) out.loss());
        metrics.counter("featuredrop.trainer.batches", "outcome", "trained").increment();
        publishProgress(RunStatus.progress(batch.runId(), SERVICE, done, out.loss(), rate));
        if (ViewBatchDecision.checkpointAfter(done, run.config().checkpointEvery(), run.config().steps())) {
            try {
                checkpoint(run);
            } catch (IOException | RuntimeException e) {
                LOG.errorf(e, "run %s: checkpoint at step %d failed", batch.runId(), done);
                finish(run, RunStatus.of(batch.runId(), RunState.FAILED, SERVICE, "checkpoint at step " + done + " failed: " + e.getMessage()));
                return msg.ack();
            }
        }
        if (done >= run.config().steps()) {
            finish(run, RunStatus.of(batch.runId(), RunState.COMPLETED, SERVICE, "trained " + done + " steps"));
        }
        return msg.ack();
    }

    /**
     * A run's encoder side for {@code batch}. The first batch of a view stream (step == the stream's
     * start step) sets where training continues: step 0, or the ENCODER checkpoint of that step.
     * Any other batch means this trainer restarted mid-stream: it continues from the newest
     * checkpoint pair in the store and asks the augmenter (REWIND status) to stream from there; the
     * batches of the old stream are skipped until the new one arrives.
     */
    private Active start(RunConfig config, ViewBatch batch, boolean streamStarts) throws IOException, CheckpointRejected {
        long from = streamStarts ? batch.step() : store.resumePoint(config.runId(), config.mode().usesViewmaker());
        EncoderSide side = new EncoderSide(config, DatasetRegistry.find(config.dataset()).orElseThrow());
        try {
            if (from > 0) {
                byte[] bytes = store.readStored(config.runId(), CheckpointKind.ENCODER, from)
                        .orElseThrow(() -> new CheckpointRejected("no encoder checkpoint of step " + from + " in " + store.root()));
                side.restore(bytes);
                // a trainer killed between writing this file and announcing it left it unannounced (never probed):
                // announced again; the evaluator skips a checkpoint it has already probed
                Checkpoint c = store.describe(config.runId(), CheckpointKind.ENCODER, from, bytes, SERVICE);
                sends.run("announcing " + c.uri() + " again", () -> checkpoints.sendMessageAndAwait(Message.of(JsonEvents.encode(c))
                        .addMetadata(metadata(c.runId(), Map.of()))));
            }
        } catch (IOException | CheckpointRejected | RuntimeException e) {
            side.close();
            throw e;
        }
        long stream = batch.batchId();
        if (!streamStarts) {
            String reason = "run new to this trainer mid-stream (restart, or its partition moved here); continuing from step " + from
                    + " (newest checkpoint pair)";
            publish(RunStatus.rewind(config.runId(), SERVICE, from, reason));
            metrics.counter("featuredrop.trainer.rewinds").increment();
            LOG.infof("run %s: %s", config.runId(), reason);
            stream = ViewBatchDecision.AWAITING_STREAM; // accept only the stream the augmenter starts in answer
        }
        seedCurve(config.runId(), from);
        LOG.infof("training run %s (%s, %d steps, from step %d)", config.runId(), config.mode().wireName(), config.steps(), side.nextStep());
        return new Active(side, config, System.nanoTime(), side.nextStep(), stream);
    }

    /** Writes an ENCODER checkpoint of the run's current step and announces it on fd.checkpoints. */
    private void checkpoint(Active run) throws IOException {
        long t0 = System.nanoTime();
        Checkpoint c = store.write(run.config().runId(), CheckpointKind.ENCODER, run.side().nextStep(), run.side().snapshot(), SERVICE);
        sends.run("announcing " + c.uri(), () -> checkpoints.sendMessageAndAwait(Message.of(JsonEvents.encode(c)).addMetadata(metadata(c.runId(), Map.of()))));
        metrics.counter("featuredrop.trainer.checkpoints").increment();
        metrics.timer("featuredrop.trainer.checkpoint.write").record(java.time.Duration.ofNanos(System.nanoTime() - t0));
        LOG.infof("run %s: checkpoint %s (%d bytes)", c.runId(), c.uri(), c.sizeBytes());
    }

    /**
     * The run as the status history knows it once its ACCEPTED status is folded in. The status topic
     * may lag the views a little: a run not on the board is looked up again once the follower has read
     * fd.run-status to its current end, and only then called unknown.
     */
    private Optional<RunView> knownRun(String runId) {
        Optional<RunView> view = follower.board().get(runId).filter(v -> v.config() != null);
        if (view.isPresent()) {
            return view;
        }
        follower.awaitCurrent(CONFIG_WAIT);
        return follower.board().get(runId).filter(v -> v.config() != null);
    }

    private void finish(Active run, RunStatus status) {
        publish(status);
        runs.remove(status.runId());
        if (status.state().isTerminal()) {
            forgetRun(status.runId());
        }
        run.side().close();
        LOG.infof("run %s %s: %s", status.runId(), status.state(), status.reason());
    }

    /** A step's PROGRESS on fd.run-progress, with the run's loss curve so far. */
    private void publishProgress(RunStatus status) {
        curves.accept(status);
        io.featuredrop.runs.LossHistory.Curve curve = curves.curve(status.runId()).orElseThrow();
        long[] steps = curve.points().stream().mapToLong(io.featuredrop.runs.LossHistory.Point::step).toArray();
        double[] losses = curve.points().stream().mapToDouble(io.featuredrop.runs.LossHistory.Point::loss).toArray();
        io.featuredrop.events.RunProgress record = io.featuredrop.events.RunProgress.of(status, curve.stride(), steps, losses);
        sends.run("publishing PROGRESS " + status.step() + " of run " + status.runId(), () -> progress.sendMessageAndAwait(
                Message.of(JsonEvents.encode(record)).addMetadata(metadata(status.runId(), EventHeaders.forStatus(status, null)))));
    }

    /** Drops what this trainer keeps of a run it no longer trains (its curve, the highest owner epoch seen). */
    private void forgetRun(String runId) {
        curves.forget(runId);
        highestEpoch.remove(runId);
    }

    /** Starts this trainer's copy of a run's loss curve from what the board knows of its steps up to {@code from}. */
    private void seedCurve(String runId, long from) {
        curves.forget(runId);
        if (from <= 0) {
            return;
        }
        follower.awaitCaughtUp();
        follower.board().losses().curve(runId).ifPresent(c -> {
            List<io.featuredrop.runs.LossHistory.Point> upTo = c.points().stream().filter(pt -> pt.step() <= from).toList();
            curves.restore(runId, c.stride(), upTo.stream().mapToLong(io.featuredrop.runs.LossHistory.Point::step).toArray(),
                    upTo.stream().mapToDouble(io.featuredrop.runs.LossHistory.Point::loss).toArray());
        });
    }

    private void publish(RunStatus status) {
        sends.run("publishing " + status.state() + " of run " + status.runId(), () -> statuses.sendMessageAndAwait(
                Message.of(JsonEvents.encode(status)).addMetadata(metadata(status.runId(), EventHeaders.forStatus(status, null)))));
    }

    private static OutgoingKafkaRecordMetadata<String> metadata(String key, Map<String, String> headerMap) {
        return OutgoingKafkaRecordMetadata.<String>builder().withKey(key)
                .withHeaders(EventHeaders.toRecordHeaders(io.featuredrop.process.ServiceInstance.stamp(headerMap))).build();
    }

    private CompletionStage<Void> deadLetter(Message<byte[]> msg, String reason) {
        metrics.counter("featuredrop.trainer.batches", "outcome", "dead_lettered").increment();
        return deadLetters.send(msg, reason);
    }

    @PreDestroy
    void stop() {
        // never under a step: a step in progress finishes (and is acknowledged or left for the next owner) first
        stepLock.lock();
        try {
            runs.values().forEach(r -> r.side().close());
            runs.clear();
        } finally {
            stepLock.unlock();
        }
    }
}
