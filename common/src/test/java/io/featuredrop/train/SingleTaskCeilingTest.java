package io.featuredrop.train;

import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.RunConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ceiling control: expert views on the photos alone, everything else as the multi-task run. */
class SingleTaskCeilingTest {

    @Test
    void photosAreTheBaseOfTheName() {
        assertEquals("fashion-mnist", SingleTaskCeiling.photosOf("fashion-mnist+mnist"));
        assertEquals("cifar10", SingleTaskCeiling.photosOf("cifar10+letters"));
        assertEquals("fashion-mnist", SingleTaskCeiling.photosOf("fashion-mnist"));
    }

    @Test
    void ceilingConfigChangesOnlyDatasetModeAndId() {
        RunConfig multi = TestConfigs.tiny("viewmaker", "\"steps\":40,\"seed\":11");
        RunConfig top = SingleTaskCeiling.configFor(multi);
        assertEquals("fashion-mnist", top.dataset());
        assertEquals(AugmentationMode.EXPERT, top.mode());
        assertEquals("t-ceiling", top.runId());
        assertEquals(multi.seed(), top.seed());
        assertEquals(multi.steps(), top.steps());
        assertEquals(multi.batchSize(), top.batchSize());
        assertEquals(multi.encoderWidth(), top.encoderWidth());
        assertEquals(multi.probe(), top.probe());
    }

    @Test
    void measuresThePhotoTaskOnlyOnRealData() throws Exception {
        RunConfig multi = TestConfigs.tiny("expert", "\"steps\":3,\"batchSize\":16,\"checkpointEvery\":3,"
                + "\"probe\":{\"features\":\"pooled\",\"trainSize\":200,\"testSize\":100,\"epochs\":2}");
        Map<String, Double> acc = SingleTaskCeiling.measure(multi);
        assertEquals(java.util.Set.of("garment"), acc.keySet(), "photos alone have the photo task only");
        // 10 classes: a probe on any features beats chance (0.1) on 100 test images by far less than
        // this only if the features carry nothing; real Fashion-MNIST images give well over 0.3
        assertTrue(acc.get("garment") > 0.3, "garment accuracy " + acc.get("garment"));
    }
}
