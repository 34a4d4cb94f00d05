package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java values whose memory libtorch owns. On CPU, DJL's {@code create} wraps a direct
 * ByteBuffer without copying ({@code from_blob}); a detached alias, reshape or a tensor saved for
 * backward then points into memory that lives only as long as that one Java object. A copy made
 * right away removes the whole class of use-after-free risks for a few microseconds per batch.
 *
 * <p>Never write Java values into an existing array with {@code NDArray.set(Buffer)}: DJL's
 * PyTorch binding swaps the tensor's storage for the direct buffer itself ({@code set_} with a
 * non-owning pointer), so a parameter's gradient written that way points into memory the Java
 * garbage collector frees later, and the next backward pass writes into the C heap (seen as NaN
 * losses and "munmap_chunk(): invalid pointer" aborts). {@link #overwrite} and {@link #zero} write
 * into the tensor's own storage instead.
 */
public final class OwnedArrays {

    private OwnedArrays() {
    }

    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        try (NDArray blob = manager.create(values, shape)) {
            return blob.duplicate();
        }
    }

    public static NDArray of(NDManager manager, int[] values) {
        try (NDArray blob = manager.create(values)) {
            return blob.duplicate();
        }
    }

    /** Copies {@code values} into {@code target}'s own storage (same element count), in place. */
    public static void overwrite(NDArray target, float[] values) {
        if (values.length != target.size()) {
            throw new IllegalArgumentException(values.length + " values for an array of " + target.size());
        }
        try (NDArray source = of(target.getManager(), values, target.getShape())) {
            zero(target);
            target.addi(source);
        }
    }

    /** Sets every element of {@code target} to 0 in place, NaN and infinities included (x - x is NaN for those). */
    public static void zero(NDArray target) {
        try (NDArray nan = target.isNaN(); NDArray infinite = target.isInfinite(); NDArray nonFinite = nan.logicalOr(infinite)) {
            target.set(nonFinite, 0f);
        }
        target.subi(target);
    }
}
