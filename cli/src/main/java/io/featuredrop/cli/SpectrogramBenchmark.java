package io.featuredrop.cli;

import io.featuredrop.audio.SpokenDigitsDataset;
import io.featuredrop.data.DataLocations;
import io.featuredrop.data.DatasetRegistry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Spectrogram throughput of spoken-digits+noise: every clip mixed with its background and turned
 * into a 64x64 log-mel image (one thread, JTransforms), timed by building the dataset without its
 * cache; then the time to open it from the cache. Prints clips/s.
 */
final class SpectrogramBenchmark {

    private SpectrogramBenchmark() {
    }

    static int run(int repeats) throws Exception {
        Path real = DataLocations.fromEnvironment().dataDir().resolve("spoken-digits");
        Path dir = Files.createTempDirectory("featuredrop-spectrogram-bench");
        try {
            for (String f : new String[] {"train.s16", "train.csv", "test.s16", "test.csv", "babble.s16", "VERSION"}) {
                Files.createSymbolicLink(dir.resolve(f), real.resolve(f).toAbsolutePath());
            }
            var info = DatasetRegistry.find("spoken-digits+noise").orElseThrow();
            int clips = info.trainSize() + info.testSize();
            for (int r = 0; r < repeats; r++) {
                deleteCaches(dir);
                long t0 = System.nanoTime();
                SpokenDigitsDataset.open(info, dir, SpokenDigitsDataset.DEFAULT_LEVEL);
                double built = (System.nanoTime() - t0) / 1e9;
                t0 = System.nanoTime();
                SpokenDigitsDataset.open(info, dir, SpokenDigitsDataset.DEFAULT_LEVEL);
                double cached = (System.nanoTime() - t0) / 1e9;
                System.out.printf("%d clips: mixed + log-mel in %.2f s (%.0f clips/s, 1 thread incl. reading the PCM); from the cache %.2f s%n",
                        clips, built, clips / built, cached);
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
        return 0;
    }

    private static void deleteCaches(Path dir) throws java.io.IOException {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("cache-")).toList()) {
                Files.delete(p);
            }
        }
    }
}
