package io.featuredrop.process;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a result's bits depend on besides its config: the engine build and libtorch's thread counts.
 * A run is bitwise reproducible for a fixed config, libtorch build and intra-op thread count
 * (docs/ML.md, "Reproducibility"); a different thread count splits reductions differently and moves
 * the last bits. Recorded in every checkpoint event and every result's provenance.
 */
public final class ComputeSettings {

    private ComputeSettings() {
    }

    public static Map<String, String> describe() {
        Map<String, String> m = new LinkedHashMap<>();
        Engine engine = Engine.getInstance();
        m.put("engine", engine.getEngineName() + " " + engine.getVersion());
        m.put("djl", Engine.getDjlVersion());
        if ("PyTorch".equals(engine.getEngineName())) {
            m.put("torch.intraOpThreads", String.valueOf(JniUtils.getNumThreads()));
            m.put("torch.interOpThreads", String.valueOf(JniUtils.getNumInteropThreads()));
        }
        m.put("device", engine.defaultDevice().toString());
        return m;
    }
}
