package io.featuredrop.wire;

import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.WirePrecision;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link ViewBatch} as safetensors: tensors view1, view2 (F32/F16 NCHW), indices (I64); metadata and headers carry run, step, batch. */
public final class ViewBatchCodec {

    public static final String TYPE = "io.featuredrop.ViewBatch";

    private ViewBatchCodec() {
    }

    public static EncodedEvent encode(ViewBatch b) {
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        floats.put("view1", b.view1());
        floats.put("view2", b.view2());
        Map<String, String> meta = TensorEventMetadata.of(TYPE, ViewBatch.SCHEMA_VERSION, b.runId(), b.step(), b.batchId(), b.precision());
        byte[] value = SafetensorsCodec.encode(new TensorFile(floats, Map.of("indices", b.sampleIndices()), meta), b.precision());
        return new EncodedEvent(value, TensorEventMetadata.headers(meta));
    }

    public static ViewBatch decode(byte[] value) {
        TensorFile f = SafetensorsCodec.decode(value);
        TensorEventMetadata.check(f, TYPE, ViewBatch.SCHEMA_VERSION);
        try {
            return new ViewBatch(f.meta("runId"), f.metaLong("step"), f.metaLong("batchId"), f.longTensor("indices"),
                    f.floatTensor("view1"), f.floatTensor("view2"), TensorEventMetadata.precision(f));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("inconsistent ViewBatch: " + e.getMessage(), e);
        }
    }
}
