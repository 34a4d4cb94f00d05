package io.featuredrop.train;

import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class LocalSimclrTrainerSmokeTest {

    /** Services step runs on worker threads, where PyTorch's per-thread gradient mode starts on. */
    @org.junit.jupiter.api.Test
    void stepsRunOnThreadsOtherThanTheEngineStarter() throws Exception {
        MultiTaskDataset data = Datasets.open("fashion-mnist+mnist");
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(TestConfigs.tiny("viewmaker", "\"batchSize\":8"), data)) {
            trainer.step().requireOk();
            java.util.concurrent.atomic.AtomicReference<Throwable> failure = new java.util.concurrent.atomic.AtomicReference<>();
            for (int t = 0; t < 2; t++) {
                Thread worker = new Thread(() -> {
                    try {
                        assertTrue(Float.isFinite(trainer.step().requireOk().loss()));
                    } catch (Throwable e) {
                        failure.set(e);
                    }
                });
                worker.start();
                worker.join();
            }
            if (failure.get() != null) {
                throw new AssertionError("a step on a fresh thread failed: " + failure.get(), failure.get());
            }
            assertEquals(3, trainer.nextStep());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "expert", "viewmaker", "viewmaker+expert"})
    void everyModeTakesFiniteSteps(String mode) throws Exception {
        MultiTaskDataset data = Datasets.open("fashion-mnist+mnist");
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(TestConfigs.tiny(mode, ""), data)) {
            long t0 = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                LocalSimclrTrainer.StepResult r = trainer.step().requireOk();
                assertTrue(Float.isFinite(r.loss()), mode + " loss " + r.loss());
                System.out.println(mode + " step " + r.step() + " loss " + r.loss());
            }
            System.out.println(mode + " ms/step " + (System.nanoTime() - t0) / 3e6);
            assertEquals(3, trainer.nextStep());
        }
    }
}
