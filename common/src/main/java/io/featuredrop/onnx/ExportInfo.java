package io.featuredrop.onnx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where an exported network comes from: the run, the checkpoint step, the dataset (and its image
 * shape) and the augmentation mode. Written into the model's metadata_props under {@code featuredrop.*}.
 */
public record ExportInfo(String runId, long step, String dataset, String mode, int channels, int height, int width) {

    Map<String, String> metadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("featuredrop.run_id", runId);
        m.put("featuredrop.step", Long.toString(step));
        m.put("featuredrop.dataset", dataset);
        m.put("featuredrop.mode", mode);
        m.put("featuredrop.input_shape", channels + "x" + height + "x" + width);
        return m;
    }
}
