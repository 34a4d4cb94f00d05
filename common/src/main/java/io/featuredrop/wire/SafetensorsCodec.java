package io.featuredrop.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.events.WirePrecision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes the safetensors format (8-byte little-endian header length, JSON header, packed
 * little-endian data), the format PyTorch, DJL and Hugging Face already read. Floats go out as F32
 * or F16, indices as I64. Decoding checks every offset, so truncated or garbage bytes give a
 * {@link WireFormatException} that says what is wrong, never an index error or a huge allocation.
 */
public final class SafetensorsCodec {

    /** Larger headers are not ours: refuse before allocating. */
    static final int MAX_HEADER_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private SafetensorsCodec() {
    }

    public static byte[] encode(TensorFile file, WirePrecision precision) {
        ObjectNode header = JSON.createObjectNode();
        if (!file.metadata().isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            file.metadata().forEach(meta::put);
        }
        long offset = 0;
        for (Map.Entry<String, FloatTensor> e : file.floats().entrySet()) {
            long len = (long) e.getValue().data().length * precision.bytesPerElement();
            describe(header, e.getKey(), precision.safetensorsDtype(), e.getValue().shape(), offset, offset + len);
            offset += len;
        }
        for (Map.Entry<String, long[]> e : file.longs().entrySet()) {
            long len = (long) e.getValue().length * 8;
            describe(header, e.getKey(), "I64", new long[] {e.getValue().length}, offset, offset + len);
            offset += len;
        }
        byte[] headerBytes;
        try {
            headerBytes = JSON.writeValueAsBytes(header);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        int padded = (headerBytes.length + 7) / 8 * 8; // data starts 8-byte aligned (spaces pad the JSON)
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(headerBytes);
        for (int i = headerBytes.length; i < padded; i++) {
            buf.put((byte) ' ');
        }
        for (FloatTensor t : file.floats().values()) {
            if (precision == WirePrecision.FP16) {
                for (float v : t.data()) {
                    buf.putShort(Half.fromFloat(v));
                }
            } else {
                buf.asFloatBuffer().put(t.data());
                buf.position(buf.position() + t.data().length * 4);
            }
        }
        for (long[] t : file.longs().values()) {
            buf.asLongBuffer().put(t);
            buf.position(buf.position() + t.length * 8);
        }
        return buf.array();
    }

    private static void describe(ObjectNode header, String name, String dtype, long[] shape, long start, long end) {
        if (name.equals("__metadata__") || header.has(name)) {
            throw new IllegalArgumentException("duplicate or reserved tensor name '" + name + "'");
        }
        ObjectNode t = header.putObject(name);
        t.put("dtype", dtype);
        ArrayNode s = t.putArray("shape");
        for (long d : shape) {
            s.add(d);
        }
        t.putArray("data_offsets").add(start).add(end);
    }

    public static TensorFile decode(byte[] bytes) {
        if (bytes == null || bytes.length < 8) {
            throw new WireFormatException("not a safetensors buffer: " + (bytes == null ? "null" : bytes.length + " bytes")
                    + ", need at least the 8-byte header length");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLen = buf.getLong();
        if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > bytes.length - 8) {
            throw new WireFormatException("not a safetensors buffer: header length " + headerLen + " does not fit in "
                    + bytes.length + " bytes (truncated or not safetensors)");
        }
        JsonNode header;
        try {
            header = JSON.readTree(new String(bytes, 8, (int) headerLen, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new WireFormatException("safetensors header is not valid JSON: " + e.getOriginalMessage());
        }
        if (header == null || !header.isObject()) {
            throw new WireFormatException("safetensors header is not a JSON object");
        }
        int dataStart = 8 + (int) headerLen;
        long dataLen = bytes.length - dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        List<long[]> ranges = new ArrayList<>();
        Map<String, FloatTensor> floats = new LinkedHashMap<>();
        Map<String, long[]> longs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode node = e.getValue();
            if (name.equals("__metadata__")) {
                if (!node.isObject()) {
                    throw new WireFormatException("__metadata__ must be an object of strings");
                }
                node.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            String dtype = node.path("dtype").asText("");
            long[] shape = readShape(name, node.path("shape"));
            JsonNode off = node.path("data_offsets");
            if (!off.isArray() || off.size() != 2 || !off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
                throw new WireFormatException("tensor '" + name + "': data_offsets must be [start, end]");
            }
            long start = off.get(0).asLong();
            long end = off.get(1).asLong();
            if (start < 0 || end < start || end > dataLen) {
                throw new WireFormatException("tensor '" + name + "': data_offsets [" + start + ", " + end
                        + "] outside the " + dataLen + " data bytes (truncated?)");
            }
            long count;
            try {
                count = FloatTensor.elementCount(shape);
            } catch (ArithmeticException ex) {
                throw new WireFormatException("tensor '" + name + "': shape " + Arrays.toString(shape) + " overflows");
            }
            int width = switch (dtype) {
                case "F32" -> 4;
                case "F16" -> 2;
                case "I64" -> 8;
                default -> throw new WireFormatException("tensor '" + name + "': unsupported dtype '" + dtype + "' (F32, F16, I64)");
            };
            if (count * width != end - start) {
                throw new WireFormatException("tensor '" + name + "': shape " + Arrays.toString(shape) + " of " + dtype
                        + " needs " + count * width + " bytes, offsets give " + (end - start));
            }
            ranges.add(new long[] {start, end});
            ByteBuffer data = ByteBuffer.wrap(bytes, dataStart + (int) start, (int) (end - start)).slice().order(ByteOrder.LITTLE_ENDIAN);
            switch (dtype) {
                case "F32" -> {
                    float[] v = new float[(int) count];
                    data.asFloatBuffer().get(v);
                    floats.put(name, new FloatTensor(shape, v));
                }
                case "F16" -> {
                    float[] v = new float[(int) count];
                    for (int i = 0; i < v.length; i++) {
                        v[i] = Half.toFloat(data.getShort());
                    }
                    floats.put(name, new FloatTensor(shape, v));
                }
                default -> {
                    long[] v = new long[(int) count];
                    data.asLongBuffer().get(v);
                    longs.put(name, v);
                }
            }
        }
        checkCoverage(ranges, dataLen);
        return new TensorFile(floats, longs, metadata);
    }

    private static long[] readShape(String name, JsonNode shapeNode) {
        if (!shapeNode.isArray()) {
            throw new WireFormatException("tensor '" + name + "': shape must be an array");
        }
        long[] shape = new long[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || d.asLong() < 0) {
                throw new WireFormatException("tensor '" + name + "': bad dimension " + d);
            }
            shape[i] = d.asLong();
        }
        return shape;
    }

    /** The spec forbids holes and overlaps: the tensors must tile the data exactly. */
    private static void checkCoverage(List<long[]> ranges, long dataLen) {
        ranges.sort((a, b) -> Long.compare(a[0], b[0]));
        long pos = 0;
        for (long[] r : ranges) {
            if (r[0] != pos) {
                throw new WireFormatException("safetensors data has a hole or overlap at byte " + pos);
            }
            pos = r[1];
        }
        if (pos != dataLen) {
            throw new WireFormatException("safetensors data has " + (dataLen - pos) + " trailing bytes no tensor describes");
        }
    }
}
