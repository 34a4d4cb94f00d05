package io.featuredrop.topics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far a replay of a topic has read each partition: the one answer to "has this fold caught up
 * with the topic as it was?", shared by every fold of a replayed topic (statuses, results) in the
 * services and the CLI. Unusable records count as read.
 */
public final class ReplayPosition {

    private final Map<Integer, Long> nextOffset = new ConcurrentHashMap<>();
    private final AtomicLong records = new AtomicLong();

    /** Notes the record at {@code offset} of {@code partition} as read. */
    public void read(int partition, long offset) {
        nextOffset.merge(partition, offset + 1, Math::max);
        records.incrementAndGet();
    }

    /** True when every partition has been read up to the given end offsets. */
    public boolean caughtUpWith(Map<Integer, Long> endOffsets) {
        return endOffsets.entrySet().stream().allMatch(e -> e.getValue() == 0 || nextOffset.getOrDefault(e.getKey(), 0L) >= e.getValue());
    }

    /** Records read so far. */
    public long records() {
        return records.get();
    }
}
