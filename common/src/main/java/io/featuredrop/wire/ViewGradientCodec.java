package io.featuredrop.wire;

import io.featuredrop.events.ViewGradient;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@link ViewGradient} as safetensors: tensors grad1, grad2; the loss rides in metadata and headers. */
public final class ViewGradientCodec {

    public static final String TYPE = "io.featuredrop.ViewGradient";

    private ViewGradientCodec() {
    }

    public static EncodedEvent encode(ViewGradient g) {
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        floats.put("grad1", g.grad1());
        floats.put("grad2", g.grad2());
        Map<String, String> meta = TensorEventMetadata.of(TYPE, ViewGradient.SCHEMA_VERSION, g.runId(), g.step(), g.batchId(), g.precision());
        // exact round trip of the double: hex float
        meta.put("loss", Double.toHexString(g.loss()));
        byte[] value = SafetensorsCodec.encode(new TensorFile(floats, Map.of(), meta), g.precision());
        return new EncodedEvent(value, TensorEventMetadata.headers(meta));
    }

    public static ViewGradient decode(byte[] value) {
        TensorFile f = SafetensorsCodec.decode(value);
        TensorEventMetadata.check(f, TYPE, ViewGradient.SCHEMA_VERSION);
        double loss;
        try {
            loss = Double.parseDouble(f.meta("loss"));
        } catch (NumberFormatException e) {
            throw new WireFormatException("metadata 'loss' is not a number: '" + f.meta("loss") + "'");
        }
        try {
            return new ViewGradient(f.meta("runId"), f.metaLong("step"), f.metaLong("batchId"), loss,
                    f.floatTensor("grad1"), f.floatTensor("grad2"), TensorEventMetadata.precision(f));
        } catch (IllegalArgumentException e) {
            throw new WireFormatException("inconsistent ViewGradient: " + e.getMessage(), e);
        }
    }
}
