package io.featuredrop.probe;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which engine extracts probe features from a checkpoint's encoder: DJL's PyTorch engine on the
 * rebuilt encoder, or ONNX Runtime (DJL's onnxruntime-engine) on the encoder's ONNX export. Both
 * give the same features to 1e-4 (OnnxExportTest); docs/BENCHMARKS.md has their speeds.
 */
public enum FeatureEngine {
    PYTORCH("pytorch"),
    ONNXRUNTIME("onnxruntime");

    private final String settingName;

    FeatureEngine(String settingName) {
        this.settingName = settingName;
    }

    public String settingName() {
        return settingName;
    }

    public static FeatureEngine parse(String name) {
        return Arrays.stream(values()).filter(e -> e.settingName.equalsIgnoreCase(name.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown feature engine '" + name + "' (one of "
                        + Arrays.stream(values()).map(FeatureEngine::settingName).collect(Collectors.joining(", ")) + ")"));
    }
}
