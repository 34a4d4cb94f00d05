package io.featuredrop.augmenter.streaming;

import io.featuredrop.augmenter.intake.StatusPublisher;
import io.featuredrop.data.Datasets;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.split.ViewProducer;
import io.featuredrop.wire.EncodedEvent;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.ViewBatchCodec;
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
 * Streams each accepted run's views to {@code fd.views} (DESIGN.md section 2), never more than
 * {@code maxInFlight} unacknowledged batches: in Viewmaker modes a batch is acknowledged by its view
 * gradient (applied to the generator before the next views are made), otherwise by the trainer's
 * PROGRESS status. All model work runs on one worker thread (DJL allows one gradient collector per
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
    private final MutinyEmitter<byte[]> views;
    private final StatusPublisher statuses;
    private final MeterRegistry metrics;

    public ViewStreaming(@Channel("views") MutinyEmitter<byte[]> views, StatusPublisher statuses, MeterRegistry metrics) {
        this.views = views;
        this.statuses = statuses;
        this.metrics = metrics;
    }

    /** Starts streaming a run that intake has just accepted. */
    public void start(RunConfig config) {
        worker.execute(() -> {
            try {
                Stream s = new Stream(config, new ViewProducer(config, Datasets.open(config.dataset())));
                streams.put(config.runId(), s);
                LOG.infof("streaming views of %s (%s, %d steps, at most %d in flight)", config.runId(), config.mode().wireName(),
                        config.steps(), config.maxInFlight());
                fill(s);
            } catch (Exception e) {
                fail(config.runId(), "augmenter cannot start the run: " + e.getMessage(), e);
            }
        });
    }

    /** A view gradient for a run this instance streams (Viewmaker modes). */
    public void onGradient(ViewGradient gradient) {
        worker.execute(() -> {
            Stream s = streams.get(gradient.runId());
            if (s == null) {
                LOG.warnf("view gradient of step %d for run %s, which this augmenter does not stream; ignored", gradient.step(), gradient.runId());
                return;
            }
            try {
                s.producer.applyGradient(gradient);
                metrics.counter("featuredrop.augmenter.gradients.applied").increment();
                fill(s);
            } catch (IllegalStateException | IllegalArgumentException e) {
                LOG.warnf("view gradient of %s step %d not applied: %s", gradient.runId(), gradient.step(), e.getMessage());
            } catch (Exception e) {
                fail(gradient.runId(), "generator step failed: " + e.getMessage(), e);
            }
        });
    }

    void onProgress(@Observes ProgressSeen progress) {
        worker.execute(() -> {
            Stream s = streams.get(progress.runId());
            if (s == null) {
                return;
            }
            s.trainedSteps = Math.max(s.trainedSteps, progress.step());
            if (s.trainedSteps >= s.config.steps()) {
                finish(s);
                return;
            }
            fill(s);
        });
    }

    /** A run ended elsewhere (CANCELLED, FAILED in the trainer, ...): stop streaming it and free its generator. */
    void onEnded(@Observes RunEnded ended) {
        worker.execute(() -> {
            Stream s = streams.remove(ended.runId());
            if (s != null) {
                s.producer.close();
                metrics.counter("featuredrop.augmenter.runs.stopped", "state", ended.state().name().toLowerCase()).increment();
                LOG.infof("run %s %s (%s): views stream closed at step %d", ended.runId(), ended.state(), ended.reason(), s.producer.nextStep());
            }
        });
    }

    private void fill(Stream s) {
        while (s.producer.nextStep() < s.config.steps() && s.inFlight() < s.config.maxInFlight()) {
            ViewBatch batch = s.producer.next();
            EncodedEvent event = ViewBatchCodec.encode(batch);
            views.sendMessageAndAwait(Message.of(event.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                    .withKey(batch.runId()).withHeaders(EventHeaders.toRecordHeaders(event.headers())).build()));
            metrics.counter("featuredrop.augmenter.views.batches").increment();
            metrics.counter("featuredrop.augmenter.views.bytes").increment(event.value().length);
        }
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
        worker.shutdownNow();
        streams.values().forEach(s -> s.producer.close());
        streams.clear();
    }
}
