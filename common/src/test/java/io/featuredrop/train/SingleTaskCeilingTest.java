package io.featuredrop.train;

import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.RunConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ceiling control: expert views on the photos alone, everything else as the multi-task run. */
@Tag("fast")
class SingleTaskCeilingTest {

    @Test
    void photosAreTheBaseOfTheName() {
        assertEquals("fashion-mnist", SingleTaskCeiling.photosOf("fashion-mnist+mnist"));
        assertEquals("cifar10", SingleTaskCeiling.photosOf("cifar10+letters"));
        assertEquals("fashion-mnist", SingleTaskCeiling.photosOf("fashion-mnist"));
    }

    @Test
    void ceilingConfigChangesOnlyDatasetModeAndId() throws Exception {
        RunConfig multi = TestConfigs.tiny("viewmaker", "\"steps\":40,\"seed\":11,\"weightInit\":\"pytorch\",\"budget\":0.07");
        RunConfig top = SingleTaskCeiling.configFor(multi);
        com.fasterxml.jackson.databind.node.ObjectNode expected = io.featuredrop.wire.JsonEvents.mapper().valueToTree(multi);
        expected.put("runId", "t-ceiling").put("dataset", "fashion-mnist").put("mode", "expert");
        assertEquals(io.featuredrop.config.RunConfigValidator.check(expected).config(), top, "every other field as the multi-task run's");
        assertEquals(AugmentationMode.EXPERT, top.mode());
    }

    @Test
    void aLongRunIdStillGivesAValidCeilingId() {
        RunConfig multi = TestConfigs.tiny("expert", "\"runId\":\"" + "r".repeat(128) + "\"");
        RunConfig top = SingleTaskCeiling.configFor(multi);
        assertEquals(128, top.runId().length());
        assertTrue(top.runId().endsWith("-ceiling"));
    }

    @Test
    void measuresThePhotoTaskOnlyOnRealData() throws Exception {
        RunConfig multi = TestConfigs.tiny("expert", "\"steps\":3,\"batchSize\":16,\"checkpointEvery\":3,"
                + "\"probe\":{\"features\":\"pooled\",\"trainSize\":1000,\"testSize\":300,\"epochs\":10}");
        Map<String, Double> acc = SingleTaskCeiling.measure(multi);
        assertEquals(java.util.Set.of("garment"), acc.keySet(), "the photo task only, though it is probed on fashion-mnist+mnist");
        // 10 classes, chance 0.1: labels wired to the wrong items would sit near chance; this tiny run
        // (3 steps, width 8, probe on 1,000 images for 10 epochs) measured 0.51, its floor is about that
        assertTrue(acc.get("garment") > 0.35, "garment accuracy " + acc.get("garment"));
    }
}
