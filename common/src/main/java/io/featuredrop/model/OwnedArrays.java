package io.featuredrop.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The one way Java values (data and constants) enter libtorch in featuredrop: as arrays whose
 * memory libtorch owns. On CPU, DJL's PyTorch engine makes a tensor over a Java direct buffer
 * without copying ({@code from_blob}); that tensor's memory lives only as long as one Java object.
 * Whatever libtorch keeps beyond that object (a tensor autograd saved for backward, a view, a
 * swapped storage) then reads memory the garbage collector has freed (docs/ML.md, "Java memory on
 * autograd paths"). Three DJL entry points do it:
 * <ul>
 *   <li>{@code NDManager.create(float[]...)} and friends: use {@link #of}, which copies at once;</li>
 *   <li>every {@code NDArray} method that takes a {@code Number} ({@code mul(0.5f)}, {@code div(n)},
 *       {@code maximum(1e-12f)}, ...): DJL wraps the number in such an array and closes it right
 *       after the op, while {@code MulBackward}, {@code DivBackward}, {@code MaximumBackward} keep
 *       it for backward. Use {@link #mul}, {@link #div}, {@link #add}, {@link #sub},
 *       {@link #maximum}, {@link #clip}, whose scalars libtorch allocates ({@link #scalar});</li>
 *   <li>{@code NDArray.set(Buffer)}: swaps the tensor's storage for the buffer itself
 *       ({@code set_}); use {@link #overwrite} and {@link #zero}.</li>
 * </ul>
 * {@code JavaMemoryBoundaryTest} (system-tests) fails the build on any of those calls outside this
 * class.
 */
public final class OwnedArrays {

    private OwnedArrays() {
    }

    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        try (NDArray blob = manager.create(values, shape)) {
            return blob.duplicate();
        }
    }

    /**
     * An input array for ONNX Runtime: no autograd there, and its manager copies a Java array into
     * the tensor it makes (a heap buffer is never aliased), so the values are not borrowed past the call.
     */
    public static NDArray onnxRuntimeInput(NDManager manager, float[] values, Shape shape) {
        if (!"OnnxRuntime".equals(manager.getEngine().getEngineName())) {
            throw new IllegalArgumentException("onnxRuntimeInput needs an ONNX Runtime manager, got " + manager.getEngine().getEngineName());
        }
        return manager.create(values, shape);
    }

    public static NDArray of(NDManager manager, int[] values) {
        try (NDArray blob = manager.create(values)) {
            return blob.duplicate();
        }
    }

    /** A 0-d array of {@code like}'s type and device holding {@code value}, allocated by libtorch. */
    public static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType(), like.getDevice());
    }

    /** x * c (the scalar's Java handle is closed at once; libtorch keeps its own reference where autograd needs it). */
    public static NDArray mul(NDArray x, float c) {
        return withScalar(x, c, NDArray::mul);
    }

    /** x / c. */
    public static NDArray div(NDArray x, float c) {
        return withScalar(x, c, NDArray::div);
    }

    /** x + c. */
    public static NDArray add(NDArray x, float c) {
        return withScalar(x, c, NDArray::add);
    }

    /** x - c. */
    public static NDArray sub(NDArray x, float c) {
        return withScalar(x, c, NDArray::sub);
    }

    /** max(x, c) element-wise. */
    public static NDArray maximum(NDArray x, float c) {
        return withScalar(x, c, NDArray::maximum);
    }

    /** x *= c, in place. */
    public static NDArray muli(NDArray x, float c) {
        return withScalar(x, c, NDArray::muli);
    }

    private static NDArray withScalar(NDArray x, float c, java.util.function.BinaryOperator<NDArray> op) {
        try (NDArray s = scalar(x, c)) {
            return op.apply(x, s);
        }
    }

    /**
     * x clamped to [lo, hi] with torch.clamp's gradient (1 inside, bounds included; 0 outside).
     * DJL's {@code clip(Number, Number)} turns both bounds into Java-memory tensors that
     * {@code ClampBackward} keeps, so it is not used.
     */
    public static NDArray clip(NDArray x, float lo, float hi) {
        // DJL's where() wants the chosen-from arrays in the condition's shape: full-size bounds
        try (NDArray low = x.getManager().full(x.getShape(), lo, x.getDataType(), x.getDevice());
             NDArray high = x.getManager().full(x.getShape(), hi, x.getDataType(), x.getDevice());
             NDArray below = x.lt(low); NDArray above = x.gt(high); NDArray capped = NDArrays.where(above, high, x)) {
            return NDArrays.where(below, low, capped);
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
        try (NDArray nan = target.isNaN(); NDArray infinite = target.isInfinite(); NDArray nonFinite = nan.logicalOr(infinite);
             NDArray zero = scalar(target, 0f)) {
            target.set(new NDIndex("{}", nonFinite), zero);
        }
        target.subi(target);
    }
}
