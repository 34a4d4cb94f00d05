package io.featuredrop.train;

import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalSimclrTrainerSmokeTest {

    @ParameterizedTest
    @ValueSource(strings = {"none", "expert", "viewmaker", "viewmaker+expert"})
    void everyModeTakesFiniteSteps(String mode) throws Exception {
        MultiTaskDataset data = Datasets.open("fashion-mnist+mnist");
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(TestConfigs.tiny(mode, ""), data)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                LocalSimclrTrainer.StepResult r = trainer.step();
                assertTrue(Float.isFinite(r.loss()), mode + " loss " + r.loss());
                System.out.println(mode + " step " + r.step() + " loss " + r.loss());
            }
            System.out.println(mode + " ms/step " + (System.nanoTime() - t0) / 3e6);
            assertEquals(3, trainer.nextStep());
        }
    }
}
