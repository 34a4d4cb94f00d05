package io.featuredrop.wire;

import io.featuredrop.events.WirePrecision;
import java.util.LinkedHashMap;
import java.util.Map;

/** The metadata every tensor event carries, both inside the safetensors buffer and as Kafka headers. */
final class TensorEventMetadata {

    private TensorEventMetadata() {
    }

    static Map<String, String> of(String type, int schemaVersion, String runId, long step, long batchId, WirePrecision precision) {
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("type", type);
        meta.put("schemaVersion", Integer.toString(schemaVersion));
        meta.put("runId", runId);
        meta.put("step", Long.toString(step));
        meta.put("batchId", Long.toString(batchId));
        meta.put("precision", precision.wireName());
        return meta;
    }

    static Map<String, String> headers(Map<String, String> meta) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(EventHeaders.EVENT_TYPE, meta.get("type"));
        h.put(EventHeaders.SCHEMA_VERSION, meta.get("schemaVersion"));
        h.put(EventHeaders.RUN_ID, meta.get("runId"));
        h.put(EventHeaders.STEP, meta.get("step"));
        h.put(EventHeaders.BATCH_ID, meta.get("batchId"));
        h.put(EventHeaders.PRECISION, meta.get("precision"));
        return h;
    }

    static void check(TensorFile f, String type, int supportedVersion) {
        String actual = f.meta("type");
        if (!type.equals(actual)) {
            throw new WireFormatException("expected a " + type + ", got a " + actual);
        }
        long version = f.metaLong("schemaVersion");
        if (version > supportedVersion || version < 1) {
            throw new WireFormatException(type + " schemaVersion " + version + " is not supported (this reader: 1.." + supportedVersion + ")");
        }
    }

    static WirePrecision precision(TensorFile f) {
        String p = f.meta("precision");
        return WirePrecision.fromWireName(p).orElseThrow(() -> new WireFormatException("unknown precision '" + p + "'"));
    }
}
