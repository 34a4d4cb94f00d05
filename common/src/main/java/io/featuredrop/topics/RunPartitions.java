package io.featuredrop.topics;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition a run's records are in. Every event is keyed by runId and every run topic has the
 * same partition count, so the producer's default partitioner puts a run in the same partition of
 * each topic: the replica that owns partition p of its input topic owns the runs that hash to p.
 */
public final class RunPartitions {

    private RunPartitions() {
    }

    /** The partition Kafka's default partitioner chooses for key {@code runId} among {@code partitions}. */
    public static int of(String runId, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("a topic has at least one partition, not " + partitions);
        }
        return Utils.toPositive(Utils.murmur2(runId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
