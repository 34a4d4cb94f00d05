package io.featuredrop.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;

/** Float precision of tensors on the wire (views and view gradients). */
public enum WirePrecision {
    FP32("fp32", "F32", 4),
    FP16("fp16", "F16", 2);

    private final String wireName;
    private final String safetensorsDtype;
    private final int bytes;

    WirePrecision(String wireName, String safetensorsDtype, int bytes) {
        this.wireName = wireName;
        this.safetensorsDtype = safetensorsDtype;
        this.bytes = bytes;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public String safetensorsDtype() {
        return safetensorsDtype;
    }

    public int bytesPerElement() {
        return bytes;
    }

    public static Optional<WirePrecision> fromWireName(String name) {
        return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static WirePrecision parse(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown precision '" + name + "'; one of fp32, fp16"));
    }
}
