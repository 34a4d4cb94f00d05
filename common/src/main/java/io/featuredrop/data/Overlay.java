package io.featuredrop.data;

import java.util.SplittableRandom;

/** A feature pasted onto a base image, defining one extra task (digit, shape, letter). */
public interface Overlay {

    TaskInfo task();

    /** Draws the feature onto the C x H x W image at {@code offset} and returns its label. */
    int draw(float[] image, int offset, int channels, int height, int width, Split split, SplittableRandom random);
}
