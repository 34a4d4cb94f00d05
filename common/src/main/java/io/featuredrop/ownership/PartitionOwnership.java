package io.featuredrop.ownership;

import io.featuredrop.topics.RunPartitions;
import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * The partitions of one input topic this replica owns, as its consumer group assigned them, and so
 * the runs it owns (DESIGN.md section 2, scale-out): a run belongs to the replica that owns the
 * partition its runId hashes to. The epoch is the group generation of the latest assignment: a
 * replica stamps it on what it streams, so a receiver can refuse a replica that has since lost the run.
 * Thread-safe; updated from the consumer's poll thread, read from the workers.
 */
public final class PartitionOwnership {

    private final String topic;
    private volatile Set<Integer> owned = Set.of();
    private volatile int partitionCount;
    private volatile long epoch;

    public PartitionOwnership(String topic) {
        this.topic = topic;
    }

    public String topic() {
        return topic;
    }

    /** Partitions {@code added} are now this replica's, in group generation {@code generation} of a topic of {@code partitions}. */
    public synchronized Set<Integer> assigned(Collection<Integer> added, int partitions, long generation) {
        if (partitions < 1) {
            throw new IllegalArgumentException(topic + " has " + partitions + " partitions");
        }
        for (int p : added) {
            if (p < 0 || p >= partitions) {
                throw new IllegalArgumentException("partition " + p + " of " + topic + ", which has " + partitions);
            }
        }
        Set<Integer> now = new TreeSet<>(owned);
        Set<Integer> fresh = new TreeSet<>(added);
        fresh.removeAll(owned);
        now.addAll(added);
        partitionCount = partitions;
        epoch = Math.max(epoch, generation);
        owned = Set.copyOf(now);
        return Set.copyOf(fresh);
    }

    /** Partitions {@code removed} are no longer this replica's (revoked by a rebalance, or lost); returns those it did own. */
    public synchronized Set<Integer> revoked(Collection<Integer> removed) {
        Set<Integer> now = new TreeSet<>(owned);
        Set<Integer> gone = new TreeSet<>(removed);
        gone.retainAll(owned);
        now.removeAll(removed);
        owned = Set.copyOf(now);
        return Set.copyOf(gone);
    }

    public boolean ownsPartition(int partition) {
        return owned.contains(partition);
    }

    /** Whether {@code runId}'s partition is this replica's (false before the first assignment). */
    public boolean owns(String runId) {
        int n = partitionCount;
        return n > 0 && owned.contains(RunPartitions.of(runId, n));
    }

    /** Whether {@code runId} hashes to one of {@code partitions} (of this topic's partition count). */
    public boolean inPartitions(String runId, Collection<Integer> partitions) {
        int n = partitionCount;
        return n > 0 && partitions.contains(RunPartitions.of(runId, n));
    }

    public Set<Integer> owned() {
        return owned;
    }

    public long epoch() {
        return epoch;
    }
}
