package io.featuredrop.onnx;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import io.featuredrop.model.OwnedArrays;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One ONNX model loaded in DJL's ONNX Runtime engine ({@code ai.djl.onnxruntime:onnxruntime-engine},
 * which must be on the class path): named float inputs in, named float outputs out, each call's
 * arrays in a sub-manager that is closed before it returns.
 */
public final class OnnxSession implements AutoCloseable {

    /** DJL's name of the ONNX Runtime engine. */
    public static final String DJL_ENGINE = "OnnxRuntime";

    /** A float input: row-major values and the shape. */
    public record Input(float[] values, long... shape) {
    }

    private final Model model;
    private final Predictor<NDList, NDList> predictor;

    /** Loads a model with {@code threads} intra-op threads and one inter-op thread. */
    public OnnxSession(byte[] onnxModel, String what, int threads) throws OnnxModelFile.MalformedOnnxModel {
        OnnxModelFile.parse(onnxModel, what);
        model = Model.newInstance("featuredrop-onnx", Device.cpu(), DJL_ENGINE);
        try {
            model.load(new ByteArrayInputStream(onnxModel), Map.of("intraOpNumThreads", Integer.toString(threads), "interOpNumThreads", "1"));
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            throw new OnnxModelFile.MalformedOnnxModel("ONNX Runtime cannot load " + what + ": " + causes(e));
        }
        predictor = model.newPredictor(new NoopTranslator());
    }

    /** Runs the model; returns the requested outputs (all when none are named) by name. */
    public Map<String, float[]> run(Map<String, Input> inputs, String... outputs) {
        try (NDManager scratch = model.getNDManager().newSubManager()) {
            NDList in = new NDList();
            inputs.forEach((name, input) -> {
                NDArray x = OwnedArrays.onnxRuntimeInput(scratch, input.values(), new Shape(input.shape()));
                x.setName(name);
                in.add(x);
            });
            NDList result = predictor.predict(in);
            Map<String, float[]> out = new LinkedHashMap<>();
            if (outputs.length == 0) {
                result.forEach(a -> out.put(a.getName(), a.toFloatArray()));
            }
            for (String name : outputs) {
                NDArray a = result.get(name);
                if (a == null) {
                    throw new IllegalArgumentException("the model has no output '" + name + "' (outputs: "
                            + result.stream().map(NDArray::getName).toList() + ")");
                }
                out.put(name, a.toFloatArray());
            }
            result.close();
            return out;
        } catch (TranslateException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    /** Every message down the cause chain (DJL wraps ONNX Runtime's own reason). */
    static String causes(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !out.toString().contains(m)) {
                out.append(out.length() == 0 ? "" : ": ").append(m);
            }
        }
        return out.length() == 0 ? e.getClass().getSimpleName() : out.toString();
    }

    @Override
    public void close() {
        predictor.close();
        model.close();
    }
}
