package io.featuredrop.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.featuredrop.augment.ExpertViews;
import io.featuredrop.data.BatchSampler;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.model.NoiseSource;

import java.util.SplittableRandom;

/**
 * One view per image, outside training (probes on views, label-destruction diagnostics, view
 * grids): the run's augmentation as it stands, a pure function of images, weights and seed.
 */
@FunctionalInterface
public interface ViewRenderer {

    /** Views of {@code n} C x H x W images (same layout as the input). */
    float[] render(float[] images, int n, int channels, int height, int width, long seed);

    static ViewRenderer of(AugmentationMode mode, ExpertViews expert, GeneratorTrainer generator, NDManager manager) {
        ViewRenderer expertViews = (images, n, c, h, w, seed) -> {
            int size = c * h * w;
            float[] out = new float[images.length];
            for (int i = 0; i < n; i++) {
                expert.apply(images, i * size, out, i * size, c, h, w, new SplittableRandom(BatchSampler.mix(seed, i)));
            }
            return out;
        };
        ViewRenderer viewmaker = (images, n, c, h, w, seed) -> {
            try (NDManager scratch = manager.newSubManager()) {
                NDArray x = io.featuredrop.model.OwnedArrays.of(scratch, images, new Shape(n, c, h, w));
                return generator.viewsNoGrad(x, NoiseSource.seeded(seed)).toFloatArray();
            }
        };
        return switch (mode) {
            case NONE -> (images, n, c, h, w, seed) -> images.clone();
            case EXPERT -> expertViews;
            case VIEWMAKER -> viewmaker;
            case VIEWMAKER_EXPERT -> (images, n, c, h, w, seed) ->
                    viewmaker.render(expertViews.render(images, n, c, h, w, seed), n, c, h, w, BatchSampler.mix(seed, -3));
        };
    }
}
