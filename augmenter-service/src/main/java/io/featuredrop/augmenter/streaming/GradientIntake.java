package io.featuredrop.augmenter.streaming;

import io.featuredrop.events.ViewGradient;
import io.featuredrop.wire.ViewGradientCodec;
import io.featuredrop.wire.WireFormatException;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/** {@code fd.view-gradients} in: decodable gradients go to the run's stream; unreadable bytes to fd.dlq with the reason. */
@ApplicationScoped
public class GradientIntake {

    private static final Logger LOG = Logger.getLogger(GradientIntake.class);
    private final ViewStreaming streaming;
    private final MeterRegistry metrics;

    public GradientIntake(ViewStreaming streaming, MeterRegistry metrics) {
        this.streaming = streaming;
        this.metrics = metrics;
    }

    @Incoming("view-gradients")
    public CompletionStage<Void> onGradient(Message<byte[]> msg) {
        ViewGradient g;
        try {
            g = ViewGradientCodec.decode(msg.getPayload());
        } catch (WireFormatException | IllegalArgumentException e) {
            metrics.counter("featuredrop.augmenter.gradients.dead_lettered").increment();
            LOG.warnf("unreadable view gradient sent to fd.dlq: %s", e.getMessage());
            return msg.nack(new IllegalArgumentException("unreadable view gradient: " + e.getMessage(), e));
        }
        streaming.onGradient(g);
        return msg.ack();
    }
}
