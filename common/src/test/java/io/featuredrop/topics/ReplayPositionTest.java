package io.featuredrop.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ReplayPositionTest {

    @Test
    void caughtUpOnlyWhenEveryPartitionIsReadToItsEnd() {
        ReplayPosition p = new ReplayPosition();
        Map<Integer, Long> ends = Map.of(0, 3L, 1, 0L, 2, 1L);
        assertFalse(p.caughtUpWith(ends), "nothing read");
        p.read(0, 0);
        p.read(0, 2);
        assertFalse(p.caughtUpWith(ends), "partition 2 not read");
        p.read(2, 0);
        assertTrue(p.caughtUpWith(ends), "offsets 0..2 of partition 0 and 0 of partition 2 read; partition 1 is empty");
        assertEquals(3, p.records());
        p.read(0, 1);
        assertTrue(p.caughtUpWith(ends), "an older offset read later does not move the position back");
        assertFalse(p.caughtUpWith(Map.of(0, 4L)), "a topic that grew");
        assertTrue(new ReplayPosition().caughtUpWith(Map.of(0, 0L, 1, 0L)), "an empty topic is read at once");
    }
}
