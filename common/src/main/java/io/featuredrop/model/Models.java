package io.featuredrop.model;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.featuredrop.data.DatasetInfo;

/**
 * Builds and initialises the networks of a run for a dataset's image shape. Initial weights are a
 * function of the seed (the engine's generator is seeded right before each initialisation, and
 * {@link WeightInit#PYTORCH} draws from a stream seeded by it).
 */
public final class Models {

    private Models() {
    }

    public static ResNetEncoder encoder(EncoderSpec spec, DatasetInfo data, NDManager manager, long seed, WeightInit init) {
        ResNetEncoder encoder = new ResNetEncoder(spec, data.inputStatistics());
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        encoder.initialize(manager, DataType.FLOAT32, new Shape(2, data.channels(), data.height(), data.width()));
        init.apply(encoder, seed);
        return encoder;
    }

    public static ViewmakerGenerator generator(GeneratorSpec spec, DatasetInfo data, NDManager manager, long seed, WeightInit init) {
        ViewmakerGenerator generator = new ViewmakerGenerator(spec, data.channels());
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)) + 1);
        generator.initialize(manager, DataType.FLOAT32, new Shape(2, data.channels(), data.height(), data.width()));
        init.apply(generator, seed + 1);
        return generator;
    }
}
