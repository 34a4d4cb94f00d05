package io.featuredrop.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import io.featuredrop.model.NoiseSource;
import io.featuredrop.model.ViewmakerGenerator;

/**
 * The generator side of the adversarial step (split learning): {@link #views} runs G once on the
 * 2N inputs and keeps the graph; {@link #ascend} takes g = dL/dviews from the encoder side and
 * steps G on the surrogate -sum(V * g), whose gradient through G's graph is exactly -dL/dθ_G by
 * the chain rule, so G ascends the very loss the encoder descends.
 */
public final class GeneratorTrainer {

    private final ViewmakerGenerator generator;
    private final OwnedOptimizer optimizer;
    private final ParameterStore store;

    public GeneratorTrainer(ViewmakerGenerator generator, OwnedOptimizer optimizer, NDManager manager) {
        this.generator = generator;
        this.optimizer = optimizer;
        this.store = new ParameterStore(manager, false);
    }

    /** The run's generator (seeded initial weights) and its Adam, as the config says. */
    public static GeneratorTrainer forRun(io.featuredrop.events.RunConfig config, io.featuredrop.data.DatasetInfo data, NDManager manager) {
        return new GeneratorTrainer(io.featuredrop.model.Models.generator(io.featuredrop.model.GeneratorSpec.of(config), data, manager, config.seed(),
                config.weightInitScheme()),
                new AdamOptimizer(manager, config.generatorLr()), manager);
    }

    /** Views with their graph (arrays live in {@code inputs}' manager). */
    public NDArray views(NDArray inputs, NoiseSource noise) {
        GradMode.off();
        generator.useNoise(noise);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            return generator.forward(store, new NDList(inputs), true).singletonOrThrow();
        }
    }

    /** Views without a graph (evaluation, pictures). */
    public NDArray viewsNoGrad(NDArray inputs, NoiseSource noise) {
        GradMode.off();
        generator.useNoise(noise);
        return generator.forward(store, new NDList(inputs), false).singletonOrThrow();
    }

    /**
     * Steps G on -sum(V * g).
     *
     * @throws NonFiniteGradient when g or a generator gradient is not finite (G is left as it was)
     */
    public void ascend(NDArray viewsWithGraph, NDArray viewGradient) {
        GradMode.off();
        if (!NonFinite.finite(viewGradient)) {
            throw new NonFiniteGradient("the view gradient dL/dviews handed to the generator is not finite");
        }
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray surrogate = viewsWithGraph.mul(viewGradient.stopGradient()).sum().neg();
            collector.backward(surrogate);
        }
        try {
            optimizer.step(generator.getParameters());
        } catch (NonFiniteGradient e) {
            throw new NonFiniteGradient("generator " + e.getMessage());
        }
    }

    public ViewmakerGenerator generator() {
        return generator;
    }

    public OwnedOptimizer optimizer() {
        return optimizer;
    }
}
