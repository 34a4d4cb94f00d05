package io.featuredrop.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * How a network's weights start. {@code pytorch}: PyTorch's defaults for Conv2d and Linear
 * (weights and biases uniform in +-1/sqrt(fan_in), i.e. kaiming_uniform with a = sqrt(5)), so the
 * project and a PyTorch reference start from the same distribution; {@code djl}: DJL 0.36's default
 * (weights normal with std sqrt(2 / fan_in), i.e. He/Kaiming normal, about 2.4x PyTorch's spread;
 * biases zero), the only one before issue 15.
 * Norm layers start at scale 1, shift 0 either way.
 */
public enum WeightInit {
    PYTORCH("pytorch"),
    DJL("djl");

    private final String wireName;

    WeightInit(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<WeightInit> fromWireName(String name) {
        for (WeightInit w : values()) {
            if (w.wireName.equals(name)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }

    public static String names() {
        return "pytorch, djl";
    }

    /**
     * Re-draws an initialised block's weights and biases as this scheme says (a no-op for
     * {@code djl}, which DJL already applied). The draws come from a stream seeded by
     * {@code seed}, in parameter order, so they repeat in any process.
     */
    void apply(Block block, long seed) {
        if (this == DJL) {
            return;
        }
        // in-place writes to parameters need grad mode off, which a fresh thread does not have
        io.featuredrop.train.GradMode.off();
        List<Pair<String, Parameter>> params = new java.util.ArrayList<>();
        block.getParameters().forEach(params::add);
        Map<String, Long> fanInOf = new HashMap<>();
        for (Pair<String, Parameter> p : params) {
            if (p.getValue().getType() == Parameter.Type.WEIGHT) {
                long[] shape = p.getValue().getArray().getShape().getShape();
                long fanIn = 1;
                for (int i = 1; i < shape.length; i++) {
                    fanIn *= shape[i];
                }
                fanInOf.put(owner(p.getKey()), fanIn);
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (Pair<String, Parameter> p : params) {
            Parameter.Type type = p.getValue().getType();
            if (type != Parameter.Type.WEIGHT && type != Parameter.Type.BIAS) {
                continue;
            }
            Long fanIn = fanInOf.get(owner(p.getKey()));
            if (fanIn == null) {
                throw new IllegalStateException("no weight beside bias " + p.getKey());
            }
            double bound = 1.0 / Math.sqrt(fanIn);
            float[] values = new float[Math.toIntExact(p.getValue().getArray().size())];
            for (int i = 0; i < values.length; i++) {
                values[i] = (float) ((2 * random.nextDouble() - 1) * bound);
            }
            OwnedArrays.overwrite(p.getValue().getArray(), values);
        }
    }

    /** The block a parameter belongs to: its name without the last "_weight" / "_bias". */
    private static String owner(String name) {
        int cut = name.lastIndexOf('_');
        return cut < 0 ? "" : name.substring(0, cut);
    }
}
