package io.featuredrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class DemoTimeoutTest {

    @Test
    void theFullDemosDefaultWaitOutlastsItsMeasuredLengthPerSeed() {
        // 2026-12-02: `demo --full` (one seed) needed more than 7,258 s and a flat 2 h wait cut it off
        assertTrue(DemoCommand.defaultTimeoutSeconds(true, 1) > 7258 * 2, "room for a slower machine");
        assertEquals(3 * DemoCommand.defaultTimeoutSeconds(true, 1), DemoCommand.defaultTimeoutSeconds(true, 3));
        assertEquals(7200, DemoCommand.defaultTimeoutSeconds(false, 5), "the quick demo keeps its 2 h");
    }
}
