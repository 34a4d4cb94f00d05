package io.featuredrop.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.featuredrop.loss.NtXentLoss;
import io.featuredrop.model.ResNetEncoder;

/**
 * The encoder side of a SimCLR step: embeds 2N views, computes the NT-Xent loss, backpropagates,
 * hands out dL/dviews when asked (taken from the same backward pass, before the encoder steps), then
 * steps the encoder's optimiser. A non-finite loss leaves the encoder untouched.
 */
public final class EncoderTrainer {

    /**
     * Loss of the step and, when requested, dL/dviews (2N x C x H x W, in the caller's manager).
     * {@code failure} names what was not finite (the loss, an encoder gradient, dL/dviews); then no
     * weight changed.
     */
    public record Result(float loss, NDArray viewGradient, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private final ResNetEncoder encoder;
    private final OwnedOptimizer optimizer;
    private final NtXentLoss loss;
    private final ParameterStore store;
    private final boolean separatePasses;

    /** {@code separatePasses}: encode the two views in two forward passes (batch-norm statistics per view) rather than one. */
    public EncoderTrainer(ResNetEncoder encoder, OwnedOptimizer optimizer, NtXentLoss loss, NDManager manager, boolean separatePasses) {
        this.encoder = encoder;
        this.separatePasses = separatePasses;
        this.optimizer = optimizer;
        this.loss = loss;
        this.store = new ParameterStore(manager, false);
    }

    /** The run's encoder (seeded initial weights), its SGD and its NT-Xent loss, as the config says. */
    public static EncoderTrainer forRun(io.featuredrop.events.RunConfig config, io.featuredrop.data.DatasetInfo data, NDManager manager) {
        return new EncoderTrainer(io.featuredrop.model.Models.encoder(io.featuredrop.model.EncoderSpec.of(config), data, manager, config.seed(),
                config.weightInitScheme()),
                new SgdMomentum(manager, config.encoderLr(), config.encoderMomentum(), config.encoderWeightDecay()),
                new NtXentLoss(config.temperature(), io.featuredrop.loss.NtXentForm.fromWire(config.loss())), manager,
                config.encoderPassCount() == 2);
    }

    public Result step(NDArray views, boolean wantViewGradient) {
        GradMode.off();
        NDArray input = views.stopGradient();
        if (wantViewGradient) {
            input.setRequiresGradient(true);
        }
        float value;
        NDArray gradient = null;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            long n = input.getShape().get(0) / 2;
            NDArray z1;
            NDArray z2;
            if (separatePasses) {
                // one pass per view, as the paper: batch norm normalises each view with its own statistics
                z1 = encoder.forward(store, new NDList(input.get("0:" + n)), true).singletonOrThrow();
                z2 = encoder.forward(store, new NDList(input.get(n + ":")), true).singletonOrThrow();
            } else {
                NDArray z = encoder.forward(store, new NDList(input), true).singletonOrThrow();
                z1 = z.get("0:" + n);
                z2 = z.get(n + ":");
            }
            NDArray l = loss.compute(z1, z2);
            value = l.getFloat();
            if (!Float.isFinite(value)) {
                OwnedOptimizer.zeroGradients(encoder.getParameters());
                return new Result(value, null, "loss is " + value);
            }
            collector.backward(l);
            if (wantViewGradient) {
                gradient = input.getGradient();
            }
        }
        if (gradient != null && !NonFinite.finite(gradient)) {
            OwnedOptimizer.zeroGradients(encoder.getParameters());
            return new Result(value, null, "dL/dviews not finite (loss " + value + ")");
        }
        try {
            optimizer.step(encoder.getParameters());
        } catch (NonFiniteGradient e) {
            return new Result(value, null, "encoder " + e.getMessage() + " (loss " + value + ")");
        }
        return new Result(value, gradient, null);
    }

    public ResNetEncoder encoder() {
        return encoder;
    }

    public OwnedOptimizer optimizer() {
        return optimizer;
    }
}
