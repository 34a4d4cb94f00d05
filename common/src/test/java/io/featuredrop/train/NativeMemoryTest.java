package io.featuredrop.train;

import io.featuredrop.data.Datasets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native memory stays flat over a loop of Viewmaker steps (every step's arrays scoped). The exact
 * check: the number of live arrays does not move. The coarse one: resident memory, after a warm-up
 * in which the JIT and the allocator's pools settle (about 100 steps), does not grow in each of two
 * later windows of 75 steps. A leak grows in every window (one leaked step here is megabytes); a
 * one-off jump of the allocator (seen when earlier tests share the JVM) grows in one window only.
 */
@Tag("slow")
class NativeMemoryTest {

    private static final long WINDOW_BOUND = 20_000_000L;

    @Test
    void nativeMemoryIsFlatOverManySteps() throws Exception {
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(TestConfigs.tiny("viewmaker", "\"batchSize\":8"),
                Datasets.open("fashion-mnist+mnist"))) {
            steps(trainer, 100);
            int arrays = trainer.manager().getManagedArrays().size();
            long a = residentBytes();
            steps(trainer, 75);
            long b = residentBytes();
            steps(trainer, 75);
            long c = residentBytes();
            assertEquals(arrays, trainer.manager().getManagedArrays().size(), "live arrays after 150 more steps");
            System.out.printf("resident memory after 100 / 175 / 250 steps: %.1f / %.1f / %.1f MB%n", a / 1e6, b / 1e6, c / 1e6);
            assertTrue(b - a < WINDOW_BOUND || c - b < WINDOW_BOUND,
                    String.format("resident memory grew in both windows: +%.1f MB, +%.1f MB per 75 steps", (b - a) / 1e6, (c - b) / 1e6));
        }
    }

    private static void steps(LocalSimclrTrainer trainer, int n) {
        for (int i = 0; i < n; i++) {
            trainer.step().requireOk();
        }
    }

    private static long residentBytes() throws Exception {
        System.gc();
        long rssKb = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
        return rssKb * 1024;
    }
}
