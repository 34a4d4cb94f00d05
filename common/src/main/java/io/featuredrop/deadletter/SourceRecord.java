package io.featuredrop.deadletter;

/** The consumed record being dead-lettered: where it was read and its raw key and value. */
public record SourceRecord(String topic, int partition, long offset, String key, byte[] value) {

    /** {@code topic-partition@offset}, the same form status headers use for the fd.runs record they answer. */
    public String position() {
        return topic + "-" + partition + "@" + offset;
    }
}
