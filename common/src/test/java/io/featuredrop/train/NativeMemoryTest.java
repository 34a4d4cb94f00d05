package io.featuredrop.train;

import io.featuredrop.data.Datasets;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Native memory stays flat over a loop of Viewmaker steps (every step's arrays scoped): the count
 * of live arrays does not move, and resident native memory, after a warm-up in which the JIT and
 * the allocator's pools settle (about 100 steps here), grows by less than a leaked step's worth per
 * ten steps.
 */
class NativeMemoryTest {

    @Test
    void nativeMemoryIsFlatOverManySteps() throws Exception {
        try (LocalSimclrTrainer trainer = new LocalSimclrTrainer(TestConfigs.tiny("viewmaker", "\"batchSize\":8"),
                Datasets.open("fashion-mnist+mnist"))) {
            for (int i = 0; i < 100; i++) {
                trainer.step();
            }
            int arrays = trainer.manager().getManagedArrays().size();
            long before = nativeBytes();
            for (int i = 0; i < 150; i++) {
                trainer.step();
            }
            long after = nativeBytes();
            org.junit.jupiter.api.Assertions.assertEquals(arrays, trainer.manager().getManagedArrays().size(), "live arrays after 150 more steps");
            System.out.printf("resident memory: %.1f MB -> %.1f MB over 150 steps%n", before / 1e6, after / 1e6);
            assertTrue(after - before < 40_000_000L, "native memory grew by " + (after - before) / 1e6 + " MB over 150 steps");
        }
    }

    /** Resident set of the JVM (the heap is committed up front here, so growth is native). */
    private static long nativeBytes() throws Exception {
        System.gc();
        long rssKb = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).findFirst().orElseThrow();
        return rssKb * 1024;
    }
}
