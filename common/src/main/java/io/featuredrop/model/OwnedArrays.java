package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays from Java values whose memory libtorch owns. On CPU, DJL's {@code create} wraps a direct
 * ByteBuffer without copying ({@code from_blob}); a detached alias, reshape or a tensor saved for
 * backward then points into memory that lives only as long as that one Java object. A copy made
 * right away removes the whole class of use-after-free risks for a few microseconds per batch.
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
}
