package io.featuredrop.split;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.featuredrop.data.Datasets;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.events.WirePrecision;
import io.featuredrop.train.TestConfigs;
import io.featuredrop.wire.FloatTensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** A gradient that does not fit its views is refused without using up the step the real one will take. */
@Tag("fast")
class ViewProducerGradientTest {

    @Test
    void aMalformedGradientLeavesItsStepPendingForTheRealOne() throws Exception {
        RunConfig config = TestConfigs.tiny("viewmaker", "\"batchSize\":4");
        try (ViewProducer producer = new ViewProducer(config, Datasets.open(config.dataset()))) {
            ViewBatch batch = producer.next();
            long[] shape = batch.view1().shape();
            FloatTensor wrong = new FloatTensor(new long[] {1, 1, 2, 2}, new float[4]);
            assertThrows(IllegalArgumentException.class, () -> producer.applyGradient(
                    new ViewGradient(batch.runId(), batch.step(), batch.batchId(), 1.0, wrong, wrong, WirePrecision.FP32)));
            assertEquals(1, producer.pendingGradients(), "the step still waits for its gradient");
            FloatTensor right = new FloatTensor(shape, new float[batch.view1().data().length]);
            producer.applyGradient(new ViewGradient(batch.runId(), batch.step(), batch.batchId(), 1.0, right, right, WirePrecision.FP32));
            assertEquals(batch.step() + 1, producer.generatorStep());
            assertEquals(0, producer.pendingGradients());
        }
    }
}
