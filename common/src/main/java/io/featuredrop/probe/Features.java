package io.featuredrop.probe;

/** Feature vectors of {@code count} items, row-major {@code count x dim}. */
public record Features(int count, int dim, float[] values) {

    public Features {
        if ((long) count * dim != values.length) {
            throw new IllegalArgumentException(count + " x " + dim + " features need " + (long) count * dim + " values, got " + values.length);
        }
    }
}
