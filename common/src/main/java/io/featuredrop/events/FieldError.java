package io.featuredrop.events;

/** One bad field of a config: its JSON path (e.g. {@code probe.trainSize}) and why it is wrong. */
public record FieldError(String field, String reason) {
    @Override
    public String toString() {
        return field + ": " + reason;
    }
}
