package io.featuredrop.wire;

import java.util.Map;

/**
 * The content of one safetensors buffer: named float tensors, named int64 tensors (indices), and
 * the string metadata ({@code __metadata__}).
 */
public record TensorFile(Map<String, FloatTensor> floats, Map<String, long[]> longs, Map<String, String> metadata) {

    public FloatTensor floatTensor(String name) {
        FloatTensor t = floats.get(name);
        if (t == null) {
            throw new WireFormatException("tensor '" + name + "' is missing; present: " + floats.keySet() + " " + longs.keySet());
        }
        return t;
    }

    public long[] longTensor(String name) {
        long[] t = longs.get(name);
        if (t == null) {
            throw new WireFormatException("int64 tensor '" + name + "' is missing; present: " + floats.keySet() + " " + longs.keySet());
        }
        return t;
    }

    public String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new WireFormatException("metadata '" + key + "' is missing; present: " + metadata.keySet());
        }
        return v;
    }

    public long metaLong(String key) {
        String v = meta(key);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new WireFormatException("metadata '" + key + "' is not an integer: '" + v + "'");
        }
    }
}
