package io.featuredrop.events;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** Which views the augmenter streams. Wire names are the ones users type in configs. */
public enum AugmentationMode {
    NONE("none"),
    EXPERT("expert"),
    VIEWMAKER("viewmaker"),
    VIEWMAKER_EXPERT("viewmaker+expert");

    private final String wireName;

    AugmentationMode(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** True when the augmenter owns a generator that needs view gradients back. */
    public boolean usesViewmaker() {
        return this == VIEWMAKER || this == VIEWMAKER_EXPERT;
    }

    public static Optional<AugmentationMode> fromWireName(String name) {
        return Arrays.stream(values()).filter(m -> m.wireName.equals(name)).findFirst();
    }

    @JsonCreator
    static AugmentationMode parse(String name) {
        return fromWireName(name).orElseThrow(() -> new IllegalArgumentException("unknown mode '" + name + "'; one of " + names()));
    }

    public static String names() {
        return Arrays.stream(values()).map(AugmentationMode::wireName).collect(Collectors.joining(", "));
    }
}
