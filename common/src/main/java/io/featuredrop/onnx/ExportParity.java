package io.featuredrop.onnx;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.featuredrop.model.NoiseSource;
import io.featuredrop.model.OwnedArrays;
import io.featuredrop.model.ResNetEncoder;
import io.featuredrop.model.ViewmakerGenerator;
import io.featuredrop.train.GradMode;
import onnx.Onnx.ModelProto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A check an export can run on itself: the largest difference, relative to max(1, |x|), between DJL
 * PyTorch's output and ONNX Runtime's on {@code n} random images (and, for the Viewmaker, the same
 * random noise). The CLI's {@code export} prints it.
 */
public final class ExportParity {

    private ExportParity() {
    }

    public static double encoder(ResNetEncoder encoder, ModelProto model, int n, long seed) throws OnnxModelFile.MalformedOnnxModel {
        GradMode.off();
        long[] shape = inputShape(model, n);
        float[] images = uniform(shape, new SplittableRandom(seed));
        try (NDManager m = NDManager.newBaseManager(); OnnxSession onnx = new OnnxSession(model.toByteArray(), "the exported encoder", 1)) {
            Map<String, float[]> got = onnx.run(Map.of(EncoderExport.INPUT, new OnnxSession.Input(images, shape)),
                    EncoderExport.FEATURES, EncoderExport.PREPOOL_FEATURES);
            var x = OwnedArrays.of(m, images, new Shape(shape));
            ParameterStore store = new ParameterStore(m, false);
            return Math.max(difference(encoder.features(store, x, true).toFloatArray(), got.get(EncoderExport.FEATURES)),
                    difference(encoder.features(store, x, false).toFloatArray(), got.get(EncoderExport.PREPOOL_FEATURES)));
        }
    }

    public static double generator(ViewmakerGenerator generator, ModelProto model, int n, long seed) throws OnnxModelFile.MalformedOnnxModel {
        GradMode.off();
        SplittableRandom random = new SplittableRandom(seed);
        long[] shape = inputShape(model, n);
        float[] images = uniform(shape, random);
        Map<String, OnnxSession.Input> inputs = new LinkedHashMap<>();
        inputs.put(GeneratorExport.INPUT, new OnnxSession.Input(images, shape));
        List<float[]> noise = new ArrayList<>();
        for (int i = 1; i < model.getGraph().getInputCount(); i++) {
            long[] s = inputShape(model, i, n);
            float[] values = uniform(s, random);
            noise.add(values);
            inputs.put(model.getGraph().getInput(i).getName(), new OnnxSession.Input(values, s));
        }
        int[] drawn = {0};
        try (NDManager m = NDManager.newBaseManager(); OnnxSession onnx = new OnnxSession(model.toByteArray(), "the exported generator", 1)) {
            generator.useNoise((manager, s) -> OwnedArrays.of(manager, noise.get(drawn[0]++), s));
            float[] expected = generator.forward(new ParameterStore(m, false), new NDList(OwnedArrays.of(m, images, new Shape(shape))), false)
                    .singletonOrThrow().toFloatArray();
            return difference(expected, onnx.run(inputs, GeneratorExport.VIEWS).get(GeneratorExport.VIEWS));
        } finally {
            generator.useNoise(NoiseSource.engine());
        }
    }

    private static long[] inputShape(ModelProto model, int n) {
        return inputShape(model, 0, n);
    }

    private static long[] inputShape(ModelProto model, int input, int n) {
        var dims = model.getGraph().getInput(input).getType().getTensorType().getShape().getDimList();
        long[] shape = new long[dims.size()];
        shape[0] = n;
        for (int i = 1; i < shape.length; i++) {
            shape[i] = dims.get(i).getDimValue();
        }
        return shape;
    }

    private static float[] uniform(long[] shape, SplittableRandom random) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        float[] v = new float[Math.toIntExact(size)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) random.nextDouble();
        }
        return v;
    }

    /** The largest |expected - actual| / max(1, |expected|); infinite for different lengths or a NaN. */
    public static double difference(float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return Double.POSITIVE_INFINITY;
        }
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / Math.max(1.0, Math.abs(expected[i]));
            worst = Double.isNaN(err) ? Double.POSITIVE_INFINITY : Math.max(worst, err);
        }
        return worst;
    }
}
