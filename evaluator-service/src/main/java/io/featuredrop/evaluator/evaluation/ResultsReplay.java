package io.featuredrop.evaluator.evaluation;

import io.featuredrop.events.EvalResult;
import io.featuredrop.results.ResultsBoard;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The evaluator's results view, rebuilt on every start by replaying {@code fd.eval-results} from
 * the beginning (event sourcing): no result is lost when the evaluator restarts, and a checkpoint
 * evaluated before the restart is recognised and not evaluated again.
 */
@ApplicationScoped
public class ResultsReplay {

    private static final Logger LOG = Logger.getLogger(ResultsReplay.class);

    private final ResultsBoard board = new ResultsBoard();
    private final io.featuredrop.service.replay.CatchUp catchUp;

    private final io.micrometer.core.instrument.MeterRegistry metrics;
    /** (run, task) pairs that already have their accuracy and retention gauges. */
    private final java.util.Set<String> gauged = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** {@code kafkaConfig}: the service's Kafka settings as its channels get them (bootstrap servers and security). */
    public ResultsReplay(@io.smallrye.common.annotation.Identifier("default-kafka-broker") Map<String, Object> kafkaConfig,
                         io.micrometer.core.instrument.MeterRegistry metrics) {
        this.metrics = metrics;
        this.catchUp = new io.featuredrop.service.replay.CatchUp(kafkaConfig, Topics.EVAL_RESULTS, board.position(), metrics);
        io.micrometer.core.instrument.Gauge.builder("featuredrop.process.resident_memory", io.featuredrop.process.ResidentMemory::bytes)
                .baseUnit("bytes").description("resident set size: heap, native tensors, code").register(metrics);
    }

    /** Probe accuracy and label retention of each run's latest probed checkpoint, per task (also for replayed results). */
    private void gauge(EvalResult r) {
        if (!gauged.add(r.runId() + "\u0000" + r.task())) {
            return;
        }
        java.util.function.Function<java.util.function.ToDoubleFunction<EvalResult>, java.util.function.Supplier<Number>> latest = f -> () ->
                board.run(r.runId()).stream().filter(x -> x.task().equals(r.task())).max(java.util.Comparator.comparingLong(EvalResult::step))
                        .map(x -> (Number) f.applyAsDouble(x)).orElse(Double.NaN);
        io.micrometer.core.instrument.Gauge.builder("featuredrop.evaluator.probe.accuracy", latest.apply(EvalResult::accuracy))
                .tags("run", r.runId(), "task", r.task()).description("linear-probe accuracy of the run's latest probed checkpoint").register(metrics);
        io.micrometer.core.instrument.Gauge.builder("featuredrop.evaluator.probe.label_retention",
                        latest.apply(x -> x.labelRetention() == null ? Double.NaN : x.labelRetention()))
                .tags("run", r.runId(), "task", r.task()).description("share of the run's views whose label the probe still reads").register(metrics);
    }

    public ResultsBoard board() {
        return board;
    }

    @Incoming("eval-results-in")
    public CompletionStage<Void> onResult(Message<byte[]> msg) {
        IncomingKafkaRecordMetadata<?, ?> meta = msg.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        try {
            EvalResult r = JsonEvents.decode(msg.getPayload(), EvalResult.class);
            board.add(r, meta.getPartition(), meta.getOffset());
            gauge(r);
        } catch (RuntimeException e) {
            LOG.warnf("unreadable record on %s at %d/%d skipped: %s", Topics.EVAL_RESULTS, meta.getPartition(), meta.getOffset(), e.getMessage());
            board.skipped(meta.getPartition(), meta.getOffset());
        }
        return msg.ack();
    }

    /** Blocks until the results that existed at start-up have all been folded in. */
    public void awaitCaughtUp() {
        catchUp.awaitStartEnd();
    }

    /**
     * Blocks until every result on the topic now has been folded in (at most {@code timeout}): a replica
     * that has just been given a partition sees the results its previous owner published.
     */
    public boolean awaitCurrent(java.time.Duration timeout) {
        return catchUp.awaitCurrentEnd(timeout);
    }

    @jakarta.annotation.PreDestroy
    void close() {
        catchUp.close();
    }
}
