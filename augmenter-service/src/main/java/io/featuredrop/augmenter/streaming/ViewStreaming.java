package io.featuredrop.augmenter.streaming;

import io.featuredrop.augmenter.intake.StatusPublisher;
import io.featuredrop.augmenter.intake.StatusHistory;
import io.featuredrop.checkpoint.CheckpointStore;
import io.featuredrop.data.Datasets;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.split.StreamDecision;
import io.featuredrop.split.ViewProducer;
import io.featuredrop.wire.EncodedEvent;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.ViewBatchCodec;
import io.featuredrop.publish.RetryWithBackoff;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Streams the views of each accepted run this replica owns (its fd.view-gradients partition, see
 * {@link StreamsOwnership}) to {@code fd.views} (DESIGN.md section 2), never more than
 * {@code maxInFlight} unacknowledged batches: in Viewmaker modes a batch is acknowledged by its view
 * gradient (applied to the generator before the next views are made), otherwise by the trainer's
 * PROGRESS record (fd.run-progress). All model work runs on one worker thread (DJL allows one gradient collector per
 * JVM, and a run's steps are sequential anyway).
 */
@ApplicationScoped
public class ViewStreaming {

    static final String SERVICE = "augmenter-service";
    private static final Logger LOG = Logger.getLogger(ViewStreaming.class);

    private static final class Stream {
        final RunConfig config;
        final ViewProducer producer;
        long trainedSteps;

        Stream(RunConfig config, ViewProducer producer) {
            this.config = config;
            this.producer = producer;
        }

        long inFlight() {
            return producer.needsGradients() ? producer.pendingGradients() : producer.nextStep() - trainedSteps;
        }
    }

    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "featuredrop-views"));
    /** How long a run the trainer COMPLETED may wait for its last view gradient before its stream is closed anyway. */
    static final java.time.Duration LAST_GRADIENT_WAIT = java.time.Duration.ofSeconds(60);
    private final java.util.concurrent.ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "featuredrop-views-timer");
        t.setDaemon(true);
        return t;
    });
    private final MutinyEmitter<byte[]> views;
    private final StatusPublisher statuses;
    private final MeterRegistry metrics;
    /** Sends wait out a broker that is away instead of failing the run. */
    private final RetryWithBackoff sends;

    private final MutinyEmitter<byte[]> checkpoints;
    private final CheckpointStore store;
    private final StatusHistory history;
    private final io.featuredrop.ownership.PartitionOwnership ownership;

    public ViewStreaming(@Channel("views") MutinyEmitter<byte[]> views, @Channel("checkpoints") MutinyEmitter<byte[]> checkpoints,
                         StatusPublisher statuses, CheckpointStore store, StatusHistory history, MeterRegistry metrics,
                         @io.smallrye.common.annotation.Identifier(StreamsOwnership.NAME) StreamsOwnership ownership) {
        this.views = views;
        this.ownership = ownership.ownership();
        this.checkpoints = checkpoints;
        this.statuses = statuses;
        this.store = store;
        this.history = history;
        this.metrics = metrics;
        this.sends = new RetryWithBackoff(java.time.Duration.ofSeconds(30), RetryWithBackoff::kafkaHopeless,
                e -> metrics.counter("featuredrop.publish.retries", "service", SERVICE).increment());
        // registered at zero, so that an alert's increase() sees the first dead letter, rejection or failure
        metrics.counter("featuredrop.augmenter.gradients.dead_lettered");
        metrics.counter("featuredrop.augmenter.intake.records", "outcome", "dead_lettered");
        metrics.counter("featuredrop.augmenter.intake.records", "outcome", "rejected");
        metrics.counter("featuredrop.augmenter.runs.stopped", "state", "failed");
        io.micrometer.core.instrument.Gauge.builder("featuredrop.augmenter.views.in_flight", streams,
                m -> m.values().stream().mapToLong(Stream::inFlight).sum()).description("view batches sent and not yet acknowledged, all runs").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("featuredrop.augmenter.runs.streaming", streams, Map::size)
                .description("runs whose views are being streamed").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("featuredrop.process.resident_memory", io.featuredrop.process.ResidentMemory::bytes)
                .baseUnit("bytes").description("resident set size: heap, native tensors, code").register(metrics);
    }

    /**
     * Starts streaming a run that has just been accepted (by this replica's intake or another's), if
     * this replica owns it and nobody has streamed it yet; otherwise nothing (its owner starts it, or
     * resumes it on assignment).
     */
    public void start(RunConfig config) {
        worker.execute(() -> {
            if (StreamDecision.onAccepted(ownership.owns(config.runId()), streams.containsKey(config.runId()),
                    history.board().get(config.runId())) != StreamDecision.Start.FROM_STEP_ZERO) {
                return; // not ours, already streaming, or streamed before (resumption continues it from its checkpoints)
            }
            try {
                ViewProducer producer = new ViewProducer(config, Datasets.open(config.dataset()));
                producer.ownerEpoch(ownership.epoch());
                Stream s = new Stream(config, producer);
                streams.put(config.runId(), s);
                LOG.infof("streaming views of %s (%s, %d steps, at most %d in flight, owner epoch %d)", config.runId(), config.mode().wireName(),
                        config.steps(), config.maxInFlight(), ownership.epoch());
                fill(s);
            } catch (Exception e) {
                fail(config.runId(), "augmenter cannot start the run: " + e.getMessage(), e);
            }
        });
    }

    /**
     * Continues an unfinished run this replica has just been given (start-up, another replica gone or
     * rebalanced): from the newest step the store holds a checkpoint pair for, announced by a REWIND
     * status so the trainer continues from the same step. Nothing when the run is not this replica's,
     * already streams here, or has ended.
     */
    public void resume(RunConfig config, String why) {
        worker.execute(() -> {
            if (StreamDecision.onGained(ownership.owns(config.runId()), streams.containsKey(config.runId()),
                    history.board().get(config.runId())) != StreamDecision.Start.RESUME_FROM_CHECKPOINTS) {
                return;
            }
            long step;
            try {
                step = store.resumePoint(config.runId(), config.mode().usesViewmaker());
            } catch (Exception e) {
                fail(config.runId(), "augmenter cannot find the run's checkpoints: " + e.getMessage(), e);
                return;
            }
            String reason = why + "; continuing from step " + step + " (newest checkpoint pair)";
            LOG.infof("run %s: %s", config.runId(), reason);
            statuses.publish(RunStatus.rewind(config.runId(), SERVICE, step, reason), null);
            streamFrom(config, step);
        });
    }

    /**
     * Stops streaming the runs of partitions this replica gives up, and returns once they have stopped
     * (a generator step or checkpoint in progress finishes first: the worker runs one task at a time).
     */
    public void release(java.util.Set<Integer> partitions) {
        java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
        try {
            worker.execute(() -> {
                for (Stream s : java.util.List.copyOf(streams.values())) {
                    if (ownership.inPartitions(s.config.runId(), partitions)) {
                        streams.remove(s.config.runId());
                        s.producer.close();
                        metrics.counter("featuredrop.augmenter.runs.released").increment();
                        LOG.infof("run %s: partition given up at step %d; its new owner continues from the newest checkpoint pair",
                                s.config.runId(), s.producer.nextStep());
                    }
                }
                done.complete(null);
            });
            done.get(2, java.util.concurrent.TimeUnit.MINUTES);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // stopping: the worker is gone and with it every stream
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            LOG.errorf(e, "streams of partitions %s did not stop within 2 minutes", partitions);
        }
    }

    /**
     * Streams a run from {@code step} on a fresh producer (resume after a restart of this service, or
     * a rewind asked for by a restarted trainer); Viewmaker modes restore the generator from its
     * checkpoint of that step.
     */
    public void rewind(RunConfig config, long step) {
        worker.execute(() -> {
            if (!ownership.owns(config.runId())) {
                return; // another replica streams this run now
            }
            streamFrom(config, step);
        });
    }

    /** On the worker: replaces the run's stream with one from {@code step}. */
    private void streamFrom(RunConfig config, long step) {
        Stream old = streams.remove(config.runId());
        if (old != null) {
            old.producer.close();
        }
        if (history.board().get(config.runId()).map(r -> r.state().isTerminal()).orElse(false)) {
            return;
        }
        ViewProducer producer = null;
        try {
            producer = new ViewProducer(config, Datasets.open(config.dataset()));
            byte[] generator = producer.needsGradients() && step > 0
                    ? store.readStored(config.runId(), CheckpointKind.GENERATOR, step).orElse(null) : null;
            producer.rewind(step, generator);
            if (generator != null) {
                // written but perhaps never announced (a crash in between): announced again, receivers skip duplicates
                Checkpoint c = store.describe(config.runId(), CheckpointKind.GENERATOR, step, generator, SERVICE);
                sends.run("announcing " + c.uri() + " again", () -> checkpoints.sendMessageAndAwait(Message.of(JsonEvents.encode(c))
                        .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(c.runId()).build())));
            }
            do {
                producer.ownerEpoch(ownership.epoch());
            } while (old != null && producer.streamId() == old.producer.streamId());
            Stream s = new Stream(config, producer);
            s.trainedSteps = step;
            streams.put(config.runId(), s);
            metrics.counter("featuredrop.augmenter.rewinds").increment();
            LOG.infof("streaming views of %s again from step %d (owner epoch %d)", config.runId(), step, ownership.epoch());
            fill(s);
        } catch (Exception e) {
            if (producer != null) {
                producer.close();
            }
            fail(config.runId(), "augmenter cannot continue the run from step " + step + ": " + e.getMessage(), e);
        }
    }

    void onAccepted(@Observes AcceptedSeen accepted) {
        start(accepted.config());
    }

    void onRewind(@Observes RewindSeen rewind) {
        if (!ownership.owns(rewind.runId())) {
            return; // the run's owner answers
        }
        history.board().get(rewind.runId()).map(r -> r.config()).ifPresent(config -> {
            LOG.infof("run %s: %s asks to continue from step %d", rewind.runId(), rewind.service(), rewind.step());
            rewind(config, rewind.step());
        });
    }

    /**
     * Applies a gradient on the worker. Completes with null when it was applied, or stale (the run's
     * stream moved on, the run ended: counted, nothing to answer), or with the reason it is malformed
     * for its run (the caller dead-letters it).
     */
    public java.util.concurrent.CompletableFuture<String> onGradient(ViewGradient gradient) {
        java.util.concurrent.CompletableFuture<String> verdict = new java.util.concurrent.CompletableFuture<>();
        run(verdict, () -> {
            Stream s = streams.get(gradient.runId());
            if (s == null || !ownership.owns(gradient.runId())) {
                metrics.counter("featuredrop.augmenter.gradients", "outcome", "stale").increment();
                LOG.warnf("view gradient of step %d for run %s, which this augmenter does not stream; ignored", gradient.step(), gradient.runId());
                verdict.complete(null);
                return;
            }
            if (!s.producer.needsGradients()) {
                verdict.complete("view gradient for run " + gradient.runId() + " (" + s.config.mode().wireName() + "), which takes none");
                return;
            }
            try {
                s.producer.applyGradient(gradient);
                metrics.counter("featuredrop.augmenter.gradients.applied").increment();
                long paired = s.producer.generatorStep();
                if (io.featuredrop.split.ViewBatchDecision.checkpointAfter(paired, s.config.checkpointEvery(), s.config.steps())) {
                    checkpoint(s);
                }
                if (done(s)) {
                    finish(s); // the trainer finished first; this was the last gradient
                } else {
                    fill(s);
                }
            } catch (io.featuredrop.train.NonFiniteGradient e) {
                // never skipped: a skipped step would make the run depend on when the fault struck
                fail(gradient.runId(), e.getMessage() + "; the generator was not updated by that step, its last checkpoint stays", e);
            } catch (IllegalStateException e) {
                metrics.counter("featuredrop.augmenter.gradients", "outcome", "stale").increment();
                LOG.warnf("view gradient of %s step %d not applied: %s", gradient.runId(), gradient.step(), e.getMessage());
            } catch (IllegalArgumentException e) {
                verdict.complete("view gradient of " + gradient.runId() + " step " + gradient.step() + " does not fit its views: " + e.getMessage());
            } catch (Exception e) {
                fail(gradient.runId(), "generator step failed: " + e.getMessage(), e);
            } finally {
                verdict.complete(null);
            }
        });
        return verdict;
    }

    /** Runs {@code task} on the worker; once the service is stopping, {@code verdict} fails with {@link ShuttingDown} instead. */
    private void run(java.util.concurrent.CompletableFuture<String> verdict, Runnable task) {
        try {
            worker.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            verdict.completeExceptionally(new ShuttingDown());
        }
    }

    /** The augmenter is stopping: a gradient not applied now is left unacknowledged for the next instance. */
    public static final class ShuttingDown extends RuntimeException {
        ShuttingDown() {
            super("the augmenter is stopping", null, false, false);
        }
    }

    void onProgress(@Observes ProgressSeen progress) {
        worker.execute(() -> {
            Stream s = streams.get(progress.runId());
            if (s == null) {
                return;
            }
            s.trainedSteps = Math.max(s.trainedSteps, progress.step());
            if (done(s)) {
                finish(s);
                return;
            }
            try {
                fill(s);
            } catch (RuntimeException e) {
                fail(progress.runId(), "augmenter cannot send the next views: " + e.getMessage(), e);
            }
        });
    }

    /** A run ended elsewhere (CANCELLED, FAILED in the trainer, ...): stop streaming it and free its generator. */
    void onEnded(@Observes RunEnded ended) {
        worker.execute(() -> {
            Stream waiting = streams.get(ended.runId());
            if (StreamDecision.onEnded(waiting != null, ended.state(), waiting != null && done(waiting)) == StreamDecision.OnEnded.AWAIT_LAST_GRADIENT) {
                // the trainer's COMPLETED can overtake its last view gradient (two topics): the generator's
                // last step and checkpoint still come, and the stream closes when they have
                waiting.trainedSteps = waiting.config.steps();
                LOG.infof("run %s COMPLETED by the trainer; applying the last view gradient before closing", ended.runId());
                // bounded: after a rewind the old stream's last gradients are stale and the new one has nothing to send
                timer.schedule(() -> worker.execute(() -> closeIfStillWaiting(waiting)), LAST_GRADIENT_WAIT.toMillis(),
                        java.util.concurrent.TimeUnit.MILLISECONDS);
                return;
            }
            Stream s = streams.remove(ended.runId());
            if (s != null) {
                s.producer.close();
                metrics.counter("featuredrop.augmenter.runs.stopped", "state", ended.state().name().toLowerCase()).increment();
                LOG.infof("run %s %s (%s): views stream closed at step %d", ended.runId(), ended.state(), ended.reason(), s.producer.nextStep());
            }
        });
    }

    /** Writes the generator's GENERATOR checkpoint (pairs with the trainer's ENCODER one of the same step) and announces it. */
    private void checkpoint(Stream s) throws java.io.IOException {
        Checkpoint c = store.write(s.config.runId(), CheckpointKind.GENERATOR, s.producer.generatorStep(), s.producer.snapshot(), SERVICE);
        sends.run("announcing " + c.uri(), () -> checkpoints.sendMessageAndAwait(Message.of(JsonEvents.encode(c))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(c.runId()).build())));
        metrics.counter("featuredrop.augmenter.checkpoints").increment();
        LOG.infof("run %s: checkpoint %s (%d bytes)", c.runId(), c.uri(), c.sizeBytes());
    }

    private void fill(Stream s) {
        // a task queued before this replica gave the run's partition up sends nothing: the new owner streams it
        while (ownership.owns(s.config.runId()) && s.producer.nextStep() < s.config.steps() && s.inFlight() < s.config.maxInFlight()) {
            ViewBatch batch = s.producer.next();
            EncodedEvent event = ViewBatchCodec.encode(batch);
            sends.run("sending views of " + batch.runId() + " step " + batch.step(), () -> views.sendMessageAndAwait(Message.of(event.value())
                    .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(batch.runId())
                            .withHeaders(EventHeaders.toRecordHeaders(io.featuredrop.process.ServiceInstance.stamp(event.headers()))).build())));
            metrics.counter("featuredrop.augmenter.views.batches").increment();
            metrics.counter("featuredrop.augmenter.run.views.batches", "run", batch.runId()).increment();
            metrics.counter("featuredrop.augmenter.views.bytes").increment(event.value().length);
        }
    }

    private void closeIfStillWaiting(Stream s) {
        if (streams.get(s.config.runId()) == s && !done(s)) {
            streams.remove(s.config.runId());
            s.producer.close();
            metrics.counter("featuredrop.augmenter.runs.stopped", "state", "completed_without_last_gradient").increment();
            LOG.warnf("run %s: COMPLETED, but the generator took only %d of %d steps within %d s; stream closed, its newest GENERATOR "
                    + "checkpoint is the last one", s.config.runId(), s.producer.generatorStep(), s.config.steps(), LAST_GRADIENT_WAIT.toSeconds());
        }
    }

    /** Every step trained, and in Viewmaker modes every generator step taken (its last checkpoint written). */
    private static boolean done(Stream s) {
        return StreamDecision.done(s.trainedSteps, s.config.steps(), s.producer.needsGradients(), s.producer.generatorStep());
    }

    private void finish(Stream s) {
        streams.remove(s.config.runId());
        s.producer.close();
        LOG.infof("run %s: all %d steps trained; views stream closed", s.config.runId(), s.config.steps());
    }

    private void fail(String runId, String reason, Exception e) {
        LOG.errorf(e, "run %s failed in the augmenter: %s", runId, reason);
        Stream s = streams.remove(runId);
        if (s != null) {
            s.producer.close();
        }
        statuses.publish(RunStatus.of(runId, RunState.FAILED, SERVICE, reason), null);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
        worker.shutdownNow();
        streams.values().forEach(s -> s.producer.close());
        streams.clear();
    }
}
