package io.featuredrop.evaluator.evaluation;

import io.featuredrop.events.EvalResult;
import io.featuredrop.results.ResultsBoard;
import io.featuredrop.topics.EndOffsets;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
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
    private final String bootstrap;
    private volatile Map<Integer, Long> endAtStart;
    private volatile boolean caughtUp;

    public ResultsReplay(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.bootstrap = bootstrap;
    }

    public ResultsBoard board() {
        return board;
    }

    @Incoming("eval-results-in")
    public CompletionStage<Void> onResult(Message<byte[]> msg) {
        IncomingKafkaRecordMetadata<?, ?> meta = msg.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        try {
            board.add(JsonEvents.decode(msg.getPayload(), EvalResult.class), meta.getPartition(), meta.getOffset());
        } catch (RuntimeException e) {
            LOG.warnf("unreadable record on %s at %d/%d skipped: %s", Topics.EVAL_RESULTS, meta.getPartition(), meta.getOffset(), e.getMessage());
            board.skipped(meta.getPartition(), meta.getOffset());
        }
        return msg.ack();
    }

    /** Blocks until the results that existed at start-up have all been folded in. */
    public void awaitCaughtUp() {
        long started = System.nanoTime();
        while (!caughtUp) {
            try {
                if (endAtStart == null) {
                    endAtStart = EndOffsets.of(bootstrap, Topics.EVAL_RESULTS);
                }
                if (board.caughtUpWith(endAtStart)) {
                    caughtUp = true;
                    LOG.infof("results view caught up with %s (%d results) in %d ms", Topics.EVAL_RESULTS, board.all().size(),
                            Duration.ofNanos(System.nanoTime() - started).toMillis());
                    return;
                }
            } catch (IllegalStateException e) {
                LOG.warnf("waiting for the broker before evaluating: %s", e.getMessage());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying results", e);
            }
        }
    }
}
