package io.featuredrop.augmenter.streaming;

import io.featuredrop.service.deadletter.DeadLetters;
import io.featuredrop.augmenter.intake.StatusHistory;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.wire.ViewGradientCodec;
import io.featuredrop.wire.WireFormatException;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * {@code fd.view-gradients} in: decodable gradients of accepted runs go to the run's stream;
 * unreadable bytes, and gradients of runs that were never accepted, to fd.dlq with the reason.
 */
@ApplicationScoped
public class GradientIntake {

    private final ViewStreaming streaming;
    private final MeterRegistry metrics;
    private final DeadLetters deadLetters;
    private final StatusHistory history;

    public GradientIntake(ViewStreaming streaming, MeterRegistry metrics, DeadLetters deadLetters, StatusHistory history) {
        this.deadLetters = deadLetters;
        this.history = history;
        this.streaming = streaming;
        this.metrics = metrics;
    }

    @Incoming("view-gradients")
    @Blocking(ordered = true)
    public CompletionStage<Void> onGradient(Message<byte[]> msg) {
        ViewGradient g;
        try {
            g = ViewGradientCodec.decode(msg.getPayload());
        } catch (WireFormatException | IllegalArgumentException e) {
            metrics.counter("featuredrop.augmenter.gradients.dead_lettered").increment();
            return deadLetters.send(msg, "unreadable view gradient: " + e.getMessage());
        }
        history.awaitCaughtUp();
        var run = history.board().get(g.runId());
        if (run.isEmpty()) {
            metrics.counter("featuredrop.augmenter.gradients.dead_lettered").increment();
            return deadLetters.send(msg, "view gradient for run " + g.runId() + ", which is not an accepted run");
        }
        if (run.get().config() != null && !run.get().config().mode().usesViewmaker()) {
            metrics.counter("featuredrop.augmenter.gradients.dead_lettered").increment();
            return deadLetters.send(msg, "view gradient for run " + g.runId() + " (" + run.get().config().mode().wireName() + "), which takes none");
        }
        String malformed;
        try {
            malformed = streaming.onGradient(g).get();
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // stopping: neither acknowledged nor dead-lettered, so the next instance gets it again
            return new java.util.concurrent.CompletableFuture<>();
        }
        if (malformed != null) {
            metrics.counter("featuredrop.augmenter.gradients.dead_lettered").increment();
            return deadLetters.send(msg, malformed);
        }
        return msg.ack();
    }
}
