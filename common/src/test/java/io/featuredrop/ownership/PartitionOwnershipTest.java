package io.featuredrop.ownership;

import io.featuredrop.topics.RunPartitions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class PartitionOwnershipTest {

    @Test
    void aRunsPartitionIsTheOneKafkasProducerPicksForItsKey() {
        for (int n : new int[] {1, 2, 3, 6, 64}) {
            for (int i = 0; i < 200; i++) {
                String runId = "sweep-" + i + "-seed" + (i % 7);
                assertEquals(BuiltInPartitioner.partitionForKey(runId.getBytes(StandardCharsets.UTF_8), n), RunPartitions.of(runId, n), runId + " of " + n);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> RunPartitions.of("r", 0));
    }

    @Test
    void ownsExactlyTheRunsOfItsAssignedPartitions() {
        PartitionOwnership o = new PartitionOwnership("fd.views");
        assertFalse(o.owns("r1"), "nothing is owned before the first assignment");
        assertEquals(Set.of(0, 2), o.assigned(List.of(0, 2), 6, 4));
        for (int i = 0; i < 100; i++) {
            String run = "run-" + i;
            int p = RunPartitions.of(run, 6);
            assertEquals(p == 0 || p == 2, o.owns(run), run + " in partition " + p);
            assertEquals(p == 2, o.inPartitions(run, Set.of(2)));
        }
        assertEquals(4, o.epoch());
        // cooperative rebalances add and remove partitions one at a time
        assertEquals(Set.of(5), o.assigned(List.of(2, 5), 6, 7), "only new partitions are reported as gained");
        assertEquals(Set.of(0, 2, 5), o.owned());
        assertEquals(Set.of(2), o.revoked(List.of(2, 3)), "only partitions it had are reported as given up");
        assertEquals(Set.of(0, 5), o.owned());
        assertEquals(7, o.epoch());
        o.assigned(List.of(1), 6, 3);
        assertEquals(7, o.epoch(), "the epoch never goes back");
        assertTrue(o.ownsPartition(1) && !o.ownsPartition(2));
    }

    @Test
    void refusesPartitionsTheTopicDoesNotHave() {
        PartitionOwnership o = new PartitionOwnership("fd.views");
        assertThrows(IllegalArgumentException.class, () -> o.assigned(List.of(6), 6, 1));
        assertThrows(IllegalArgumentException.class, () -> o.assigned(List.of(0), 0, 1));
    }
}
