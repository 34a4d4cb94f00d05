package io.featuredrop.train;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.featuredrop.events.RunConfig;
import io.featuredrop.wire.FloatTensor;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.TensorFile;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A block's parameters (weights and batch-norm running statistics) and its optimiser's state as
 * named tensors under a prefix ({@code encoder/...}, {@code encoder.opt/...}), and back.
 */
public final class ModelState {

    private ModelState() {
    }

    public static void capture(String prefix, Block block, OwnedOptimizer optimizer, Map<String, FloatTensor> into) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray a = p.getValue().getArray();
            into.put(prefix + "/" + p.getKey(), new FloatTensor(a.getShape().getShape(), a.toFloatArray()));
        }
        optimizer.exportState().forEach((name, t) -> into.put(prefix + ".opt/" + name, t));
    }

    /**
     * {@link #capture} plus the optimiser's step count ({@code <prefix>.opt.steps}): one model's part
     * of a checkpoint file (trainer, augmenter and single-process checkpoints share this layout).
     */
    public static void captureWithSteps(String prefix, Block block, OwnedOptimizer optimizer, Map<String, FloatTensor> floats,
                                        Map<String, long[]> longs) {
        capture(prefix, block, optimizer, floats);
        longs.put(prefix + ".opt.steps", new long[] {optimizer.steps()});
    }

    /** Restores what {@link #captureWithSteps} wrote under {@code prefix}. */
    public static void restoreWithSteps(String prefix, Block block, OwnedOptimizer optimizer, TensorFile file) {
        restore(prefix, block, optimizer, file.floats(), file.longTensor(prefix + ".opt.steps")[0]);
    }

    /** A run's checkpoint file: its model parts, the next step ({@code step}) and the run as metadata (runId, config JSON). */
    public static TensorFile runFile(RunConfig config, long nextStep, Map<String, FloatTensor> floats, Map<String, long[]> longs) {
        Map<String, long[]> withStep = new LinkedHashMap<>();
        withStep.put("step", new long[] {nextStep});
        withStep.putAll(longs);
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("runId", config.runId());
        meta.put("config", JsonEvents.encodeToString(config));
        return new TensorFile(floats, withStep, meta);
    }

    public static void restore(String prefix, Block block, OwnedOptimizer optimizer, Map<String, FloatTensor> from, long optimizerSteps) {
        restoreWeights(prefix, block, from);
        Map<String, FloatTensor> state = new LinkedHashMap<>();
        String optPrefix = prefix + ".opt/";
        from.forEach((name, t) -> {
            if (name.startsWith(optPrefix)) {
                state.put(name.substring(optPrefix.length()), t);
            }
        });
        optimizer.importState(block.getParameters(), state, optimizerSteps);
    }

    /** Copies the block's parameters from {@code from} (names under {@code prefix}); shapes must match. */
    public static void restoreWeights(String prefix, Block block, Map<String, FloatTensor> from) {
        GradMode.off(); // weights are leaves that require grad: in-place writes need grad mode off on this thread
        for (Pair<String, Parameter> p : block.getParameters()) {
            String name = prefix + "/" + p.getKey();
            FloatTensor t = from.get(name);
            NDArray a = p.getValue().getArray();
            if (t == null) {
                throw new IllegalArgumentException("checkpoint has no tensor " + name);
            }
            if (!Arrays.equals(t.shape(), a.getShape().getShape())) {
                throw new IllegalArgumentException("checkpoint tensor " + name + " has shape " + Arrays.toString(t.shape())
                        + ", the model expects " + a.getShape());
            }
            io.featuredrop.model.OwnedArrays.overwrite(a, t.data());
        }
    }
}
