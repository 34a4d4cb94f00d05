package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.SplittableRandom;

/**
 * Where the Viewmaker's noise channels come from. A seeded source makes a generator pass a pure
 * function of (weights, input, seed), so two processes (or a recomputation) draw the same views;
 * engine randomness would interleave between runs sharing a JVM.
 */
public interface NoiseSource {

    NDArray uniform(NDManager manager, Shape shape);

    /** The engine's global generator (fine for a single run per JVM). */
    static NoiseSource engine() {
        return (manager, shape) -> manager.randomUniform(0f, 1f, shape);
    }

    /** Uniform [0, 1) noise from a Java stream seeded by {@code seed}. */
    static NoiseSource seeded(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return (manager, shape) -> {
            float[] values = new float[Math.toIntExact(shape.size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) random.nextDouble();
            }
            return OwnedArrays.of(manager, values, shape);
        };
    }
}
