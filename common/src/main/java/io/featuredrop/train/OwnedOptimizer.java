package io.featuredrop.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.nn.ParameterList;
import ai.djl.util.Pair;
import io.featuredrop.wire.FloatTensor;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An optimiser whose state (momentum buffers, moments, step count) we hold, so a checkpoint
 * restores it exactly (DJL's optimisers keep theirs private). PyTorch's update rules. A step reads
 * each trainable parameter's gradient, updates the parameter in place, then zeroes the gradient
 * (the PyTorch engine accumulates gradients across backward passes). Temporaries live in an
 * {@link NDScope}, so native memory stays flat.
 */
public abstract class OwnedOptimizer implements AutoCloseable {

    private final NDManager stateManager;
    private final Map<String, NDArray[]> state = new LinkedHashMap<>();
    private long steps;

    protected OwnedOptimizer(NDManager parent) {
        this.stateManager = parent.newSubManager();
    }

    /** Number of state buffers per parameter. */
    protected abstract int buffersPerParameter();

    /** Updates {@code weight} in place from {@code gradient}; {@code buffers} are this parameter's state. */
    protected abstract void update(NDArray weight, NDArray gradient, NDArray[] buffers, long step);

    /**
     * Updates every trainable parameter from its gradient, or, when any gradient holds NaN/Inf, none
     * of them: the gradients are cleared and {@link NonFiniteGradient} names them, so the caller fails
     * the run with the last good weights intact.
     *
     * @throws NonFiniteGradient when a gradient is not finite
     */
    public final void step(ParameterList parameters) {
        GradMode.off();
        List<String> bad = NonFinite.gradientsNotFinite(parameters);
        if (!bad.isEmpty()) {
            zeroGradients(parameters);
            throw new NonFiniteGradient(NonFinite.describeGradients(bad, parameters.size()));
        }
        steps++;
        for (Pair<String, Parameter> pair : parameters) {
            Parameter parameter = pair.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            NDArray[] buffers = buffers(pair.getKey(), weight);
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray gradient = weight.getGradient();
                update(weight, gradient, buffers, steps);
                gradient.subi(gradient);
            }
        }
    }

    /** Clears every trainable parameter's gradient (NaN and Inf included). */
    public static void zeroGradients(ParameterList parameters) {
        for (Pair<String, Parameter> pair : parameters) {
            NDArray weight = pair.getValue().getArray();
            if (pair.getValue().requiresGradient() && weight.hasGradient()) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    io.featuredrop.model.OwnedArrays.zero(weight.getGradient());
                }
            }
        }
    }

    private NDArray[] buffers(String name, NDArray weight) {
        return state.computeIfAbsent(name, k -> {
            NDArray[] b = new NDArray[buffersPerParameter()];
            for (int i = 0; i < b.length; i++) {
                b[i] = stateManager.zeros(weight.getShape(), weight.getDataType());
            }
            return b;
        });
    }

    public long steps() {
        return steps;
    }

    /** State as named tensors ({@code <param>#<buffer>}) for a checkpoint. */
    public Map<String, FloatTensor> exportState() {
        Map<String, FloatTensor> out = new LinkedHashMap<>();
        state.forEach((name, buffers) -> {
            for (int i = 0; i < buffers.length; i++) {
                out.put(name + "#" + i, new FloatTensor(buffers[i].getShape().getShape(), buffers[i].toFloatArray()));
            }
        });
        return out;
    }

    /** Restores state written by {@link #exportState()} for {@code parameters}; a missing buffer is an error. */
    public void importState(ParameterList parameters, Map<String, FloatTensor> tensors, long restoredSteps) {
        state.values().forEach(b -> {
            for (NDArray a : b) {
                a.close();
            }
        });
        state.clear();
        for (Pair<String, Parameter> pair : parameters) {
            if (!pair.getValue().requiresGradient()) {
                continue;
            }
            NDArray[] b = new NDArray[buffersPerParameter()];
            for (int i = 0; i < b.length; i++) {
                FloatTensor t = tensors.get(pair.getKey() + "#" + i);
                if (t == null) {
                    throw new IllegalArgumentException("optimiser state has no buffer " + pair.getKey() + "#" + i);
                }
                b[i] = io.featuredrop.model.OwnedArrays.of(stateManager, t.data(), new ai.djl.ndarray.types.Shape(t.shape()));
            }
            state.put(pair.getKey(), b);
        }
        this.steps = restoredSteps;
    }

    @Override
    public void close() {
        stateManager.close();
    }
}
