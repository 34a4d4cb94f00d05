package io.featuredrop.audio;

import io.featuredrop.data.DataLocations;
import io.featuredrop.data.DatasetFormatException;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.data.Datasets;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.Split;
import io.featuredrop.data.TaskInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * spoken-digits+noise as prepared by scripts/prepare-audio.sh: the registry's sizes, every digit and
 * background equally often, test voices never heard in training, the registry's input statistics
 * are the data's, the spectrogram cache is written, reused and rebuilt when damaged, and a
 * background draw is a pure function of its seed.
 */
@Tag("fast")
class SpokenDigitsDatasetTest {

    static final Path DIR = DataLocations.fromEnvironment().dataDir().resolve("spoken-digits");

    @Test
    void splitsByVoiceWithBalancedLabelsAndTheRegistrysStatistics() throws Exception {
        MultiTaskDataset data = Datasets.open("spoken-digits+noise");
        DatasetInfo info = data.info();
        assertEquals(List.of("digit", "noise"), info.tasks().stream().map(TaskInfo::name).toList());
        assertEquals(DatasetInfo.Modality.SPECTROGRAM, info.modality());
        assertEquals(0.125, info.defaultBudget());
        float[] image = new float[data.imageSize()];
        double sum = 0;
        double squares = 0;
        for (Split split : Split.values()) {
            int n = data.size(split);
            assertEquals(split == Split.TRAIN ? info.trainSize() : info.testSize(), n);
            int[] digits = new int[10];
            int[] noises = new int[3];
            for (int i = 0; i < n; i++) {
                int[] labels = data.item(split, i, new SplittableRandom(i), image, 0);
                digits[labels[0]]++;
                noises[labels[1]]++;
                for (float v : image) {
                    assertTrue(v >= 0 && v <= 1, "spectrogram values in [0, 1]");
                    if (split == Split.TRAIN) {
                        sum += v;
                        squares += v * v;
                    }
                }
            }
            int[] evenDigits = new int[10];
            Arrays.fill(evenDigits, n / 10);
            assertArrayEquals(evenDigits, digits, split + " digits");
            assertArrayEquals(new int[] {n / 3, n / 3, n / 3}, noises, split + " backgrounds");
        }
        long values = (long) info.trainSize() * data.imageSize();
        double mean = sum / values;
        double std = Math.sqrt(squares / values - mean * mean);
        assertEquals(info.inputStatistics().mean()[0], mean, 0.002, "registry mean");
        assertEquals(info.inputStatistics().std()[0], std, 0.002, "registry std");

        ClipSet train = ClipSet.read(DIR.resolve("train.s16"), DIR.resolve("train.csv"), SpokenDigitsDataset.CLIP_LENGTH);
        ClipSet test = ClipSet.read(DIR.resolve("test.s16"), DIR.resolve("test.csv"), SpokenDigitsDataset.CLIP_LENGTH);
        Set<String> trainVoices = new HashSet<>(Arrays.asList(train.voices()));
        Set<String> testVoices = new HashSet<>(Arrays.asList(test.voices()));
        assertEquals(72, trainVoices.size());
        assertEquals(24, testVoices.size());
        testVoices.retainAll(trainVoices);
        assertEquals(Set.of(), testVoices, "test voices are never heard in training");
    }

    @Test
    void theCacheIsWrittenReusedAndRebuiltWhenDamaged(@TempDir Path tmp) throws Exception {
        // a small prepared folder: the first 30 train and 10 test clips of the real data
        Path dir = tmp.resolve("spoken-digits");
        Files.createDirectories(dir);
        copyClips("train", 30, dir);
        copyClips("test", 10, dir);
        Files.copy(DIR.resolve("babble.s16"), dir.resolve("babble.s16"));
        Files.copy(DIR.resolve("VERSION"), dir.resolve("VERSION"));
        DatasetInfo registered = DatasetRegistry.find("spoken-digits+noise").orElseThrow();
        DatasetInfo small = new DatasetInfo(registered.name(), 1, 64, 64, 30, 10, registered.tasks(), registered.defaultBudget(),
                registered.inputStatistics(), registered.source(), registered.modality());
        SpokenDigitsDataset first = SpokenDigitsDataset.open(small, dir, 0.05);
        Path cache;
        try (Stream<Path> files = Files.list(dir)) {
            cache = files.filter(p -> p.getFileName().toString().startsWith("cache-")).findFirst().orElseThrow();
        }
        long written = Files.getLastModifiedTime(cache).toMillis();
        float[] a = image(first, 7);
        SpokenDigitsDataset second = SpokenDigitsDataset.open(small, dir, 0.05);
        assertEquals(written, Files.getLastModifiedTime(cache).toMillis(), "a matching cache is read, not rewritten");
        assertArrayEquals(a, image(second, 7));
        Files.write(cache, Arrays.copyOf(Files.readAllBytes(cache), 100)); // a torn cache file
        assertArrayEquals(a, image(SpokenDigitsDataset.open(small, dir, 0.05), 7), "rebuilt from the clips");
        // another level is another dataset: another cache key, other spectrograms
        SpokenDigitsDataset louder = SpokenDigitsDataset.open(small, dir, 0.5);
        assertTrue(!Arrays.equals(a, image(louder, 7)), "the background level changes the spectrograms");
        assertThrows(IllegalArgumentException.class, () -> SpokenDigitsDataset.open(small, dir, 0));
        DatasetInfo wrongSize = new DatasetInfo(registered.name(), 1, 64, 64, 31, 10, registered.tasks(), registered.defaultBudget(),
                registered.inputStatistics(), registered.source(), registered.modality());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> SpokenDigitsDataset.open(wrongSize, dir, 0.05));
        assertTrue(e.getMessage().contains("30 train / 10 test") && e.getMessage().contains("prepare-audio.sh"), e.getMessage());
        Files.delete(dir.resolve("test.csv"));
        DatasetFormatException missing = assertThrows(DatasetFormatException.class, () -> SpokenDigitsDataset.open(small, dir, 0.05));
        assertTrue(missing.getMessage().contains("prepare-data.sh"), missing.getMessage());
    }

    @Test
    void aBackgroundDrawIsAPureFunctionOfItsSeedAtPeakOne() throws Exception {
        float[] babble = ClipSet.readPcm(DIR.resolve("babble.s16"));
        for (BackgroundNoise b : BackgroundNoise.values()) {
            float[] x = b.draw(new SplittableRandom(5), 16_000, 16_000, babble);
            assertArrayEquals(x, b.draw(new SplittableRandom(5), 16_000, 16_000, babble), b + " reproducible");
            assertTrue(!Arrays.equals(x, b.draw(new SplittableRandom(6), 16_000, 16_000, babble)), b + " differs by seed");
            float peak = 0;
            for (float v : x) {
                peak = Math.max(peak, Math.abs(v));
            }
            assertEquals(1f, peak, 1e-6f, b + " peak");
        }
    }

    @Test
    void wordsAreMovedWholeToOnsetsSpreadOverTheSecond() throws Exception {
        ClipSet test = ClipSet.read(DIR.resolve("test.s16"), DIR.resolve("test.csv"), SpokenDigitsDataset.CLIP_LENGTH);
        int earliest = Integer.MAX_VALUE;
        int latest = 0;
        for (int i = 0; i < 60; i++) {
            float[] clip = test.clip(i);
            float[] moved = SpokenDigitsDataset.atRandomOnset(clip, new SplittableRandom(i));
            int from = firstAbove(clip);
            int to = firstAbove(moved);
            int length = lastAbove(clip) - from + 1;
            assertEquals(length, lastAbove(moved) - to + 1, "clip " + i + ": the word keeps its length");
            assertArrayEquals(Arrays.copyOfRange(clip, from, from + length), Arrays.copyOfRange(moved, to, to + length), "clip " + i);
            earliest = Math.min(earliest, to);
            latest = Math.max(latest, to);
        }
        // the prepared clips all start near 0.1 s (1,600 samples); moved, they start anywhere the word fits
        assertTrue(earliest < 800 && latest > 4_000, "onsets " + earliest + ".." + latest);
    }

    private static int firstAbove(float[] x) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        int i = 0;
        while (Math.abs(x[i]) <= 0.02f * peak) {
            i++;
        }
        return i;
    }

    private static int lastAbove(float[] x) {
        float peak = 0;
        for (float v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        int i = x.length - 1;
        while (Math.abs(x[i]) <= 0.02f * peak) {
            i--;
        }
        return i;
    }

    private static float[] image(MultiTaskDataset d, int index) {
        float[] out = new float[d.imageSize()];
        d.item(Split.TRAIN, index, new SplittableRandom(0), out, 0);
        return out;
    }

    private static void copyClips(String split, int n, Path to) throws Exception {
        byte[] pcm = Files.readAllBytes(DIR.resolve(split + ".s16"));
        Files.write(to.resolve(split + ".s16"), Arrays.copyOf(pcm, n * SpokenDigitsDataset.CLIP_LENGTH * 2));
        List<String> lines = Files.readAllLines(DIR.resolve(split + ".csv"));
        Files.write(to.resolve(split + ".csv"), lines.subList(0, n + 1));
    }
}
