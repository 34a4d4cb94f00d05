package io.featuredrop.data;

import ai.djl.ndarray.NDManager;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.probe.Features;
import io.featuredrop.probe.LinearProbe;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded datasets on the real prepared files (scripts/prepare-data.sh). */
@Tag("fast")
class MultiTaskDatasetsTest {

    @Test
    void fashionMnistPlusMnistHasTheStandardSplitsAndTwoTasks() throws Exception {
        MultiTaskDataset data = Datasets.open("fashion-mnist+mnist");
        assertEquals(60_000, data.size(Split.TRAIN));
        assertEquals(10_000, data.size(Split.TEST));
        assertEquals(2, data.info().tasks().size());
        float[] image = new float[784];
        int[] labels = data.item(Split.TRAIN, 0, new SplittableRandom(1), image, 0);
        assertTrue(labels[0] >= 0 && labels[0] < 10 && labels[1] >= 0 && labels[1] < 10);
        for (float v : image) {
            assertTrue(v >= 0f && v <= 1f);
        }
    }

    @Test
    void photosAloneAreTheBaseImagesWithTheirClassAndNothingDrawn() throws Exception {
        MultiTaskDataset photos = Datasets.open("fashion-mnist");
        MultiTaskDataset overlaid = Datasets.open("fashion-mnist+mnist");
        assertEquals(List.of("garment"), photos.info().tasks().stream().map(TaskInfo::name).toList());
        assertEquals(60_000, photos.size(Split.TRAIN));
        assertEquals(10_000, photos.size(Split.TEST));
        for (int index : new int[] {0, 17, 9_999}) {
            float[] a = new float[784];
            float[] b = new float[784];
            int[] labels = photos.item(Split.TEST, index, new SplittableRandom(1), a, 0);
            photos.item(Split.TEST, index, new SplittableRandom(2), b, 0);
            assertArrayEquals(a, b, "no random feature: the random source changes nothing");
            float[] withDigit = new float[784];
            int[] both = overlaid.item(Split.TEST, index, new SplittableRandom(1), withDigit, 0);
            assertEquals(1, labels.length);
            assertEquals(both[0], labels[0], "same photo, same class");
            int differing = 0;
            for (int i = 0; i < 784; i++) {
                differing += a[i] != withDigit[i] ? 1 : 0;
            }
            assertTrue(differing > 0 && differing < 784 / 2, "the digit changes some pixels of the same photo: " + differing);
        }
    }

    @Test
    void sameRandomSourceSameItemFreshSourceFreshOverlay() throws Exception {
        MultiTaskDataset data = Datasets.open("fashion-mnist+mnist");
        float[] a = new float[784];
        float[] b = new float[784];
        data.item(Split.TRAIN, 5, new SplittableRandom(42), a, 0);
        data.item(Split.TRAIN, 5, new SplittableRandom(42), b, 0);
        assertArrayEquals(a, b);
        data.item(Split.TRAIN, 5, new SplittableRandom(43), b, 0);
        assertFalse(java.util.Arrays.equals(a, b), "a fresh random source draws a fresh digit");
    }

    @Test
    void digitIsPastedOpaquelyAtItsOwnValue() throws Exception {
        // on a photo of constant grey, every pixel is either the photo (no ink) or the digit's own
        // value (ink); nothing in between from blending
        DataLocations where = DataLocations.fromEnvironment();
        DigitOverlay overlay = new DigitOverlay(IdxReader.read(where.mnistImages(), where.mnistLabels()));
        for (int seed = 0; seed < 20; seed++) {
            float[] grey = new float[784];
            java.util.Arrays.fill(grey, 0.37f);
            float[] black = new float[784];
            overlay.draw(grey, 0, 1, 28, 28, Split.TRAIN, new SplittableRandom(seed));
            overlay.draw(black, 0, 1, 28, 28, Split.TRAIN, new SplittableRandom(seed));
            int ink = 0;
            for (int i = 0; i < 784; i++) {
                if (black[i] > 0f) {
                    ink++;
                    assertEquals(black[i], grey[i], 0f, "an inked pixel shows the digit's value, not a blend with the photo");
                } else {
                    assertEquals(0.37f, grey[i], 0f, "a pixel without ink shows the photo");
                }
            }
            assertTrue(ink > 20, "four digits leave ink: " + ink);
        }
    }

    @Test
    void fashionMnistInputStatisticsAreTheTrainingPhotosOwn() throws Exception {
        DataLocations where = DataLocations.fromEnvironment();
        ImageSet photos = IdxReader.read(where.fashionFile("train-images-idx3-ubyte"), where.fashionFile("train-labels-idx1-ubyte"));
        float[] all = new float[photos.count() * 784];
        for (int i = 0; i < photos.count(); i++) {
            for (int p = 0; p < 784; p++) {
                all[i * 784 + p] = photos.pixel(i, 0, p / 28, p % 28);
            }
        }
        InputStatistics measured = InputStatistics.measure(all, photos.count(), 1, 28, 28);
        InputStatistics registered = DatasetRegistry.find("fashion-mnist+mnist").orElseThrow().inputStatistics();
        assertEquals(measured.mean()[0], registered.mean()[0], 5e-4);
        assertEquals(measured.std()[0], registered.std()[0], 5e-4);
    }

    @Test
    void trainAndTestOverlaysUseDisjointDigitImages() throws Exception {
        DataLocations where = DataLocations.fromEnvironment();
        DigitOverlay overlay = new DigitOverlay(IdxReader.read(where.mnistImages(), where.mnistLabels()));
        Set<Integer> train = new HashSet<>();
        for (int i : overlay.sourceDigits(Split.TRAIN)) {
            train.add(i);
        }
        int[] test = overlay.sourceDigits(Split.TEST);
        assertTrue(test.length >= 1000, "test digits: " + test.length);
        for (int i : test) {
            assertFalse(train.contains(i), "digit image " + i + " in both splits");
        }
    }

    @Test
    void missingDataGivesAClearMessage() {
        DataLocations nowhere = new DataLocations(java.nio.file.Path.of("/nonexistent-featuredrop"), java.nio.file.Path.of("/nonexistent-cifar"));
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(DatasetFormatException.class,
                () -> Datasets.open("fashion-mnist+mnist", nowhere));
        assertTrue(e.getMessage().contains("prepare-data.sh"), e.getMessage());
        Exception cifar = org.junit.jupiter.api.Assertions.assertThrows(DatasetFormatException.class,
                () -> Datasets.open("cifar10+shapes", nowhere));
        assertTrue(cifar.getMessage().contains("CIFAR-10"), cifar.getMessage());
    }

    /**
     * Labels agree with what is drawn: overlays alone (on black images) are linearly readable from
     * raw pixels by a probe trained on one set of items and scored on fresh ones.
     */
    @ParameterizedTest
    @CsvSource({"fashion-mnist+mnist, 0.75", "fashion-mnist+shapes, 0.8", "fashion-mnist+letters, 0.3"})
    void overlayLabelsAreReadableFromTheOverlayAlone(String name, double minimum) throws Exception {
        OverlayDataset data = (OverlayDataset) Datasets.open(name);
        Overlay overlay = data.overlay();
        int h = data.info().height();
        int w = data.info().width();
        Features trainX = drawn(overlay, Split.TRAIN, 3000, h, w, 1);
        int[] trainY = lastLabels;
        Features testX = drawn(overlay, Split.TEST, 600, h, w, 2);
        int[] testY = lastLabels;
        try (NDManager m = NDManager.newBaseManager();
             LinearProbe probe = LinearProbe.fit(m, trainX, trainY, overlay.task().numClasses(),
                     new ProbeSettings(ProbeSettings.CLEAN, ProbeSettings.PREPOOL, ProbeSettings.CLEAN, 3000, 600, 15, 0.01), 3)) {
            double acc = probe.accuracy(testX, testY);
            System.out.printf("%s: %s from overlay pixels alone: %.3f%n", name, overlay.task().name(), acc);
            assertTrue(acc > minimum, name + " " + overlay.task().name() + " accuracy " + acc + " <= " + minimum);
        }
    }

    private int[] lastLabels;

    private Features drawn(Overlay overlay, Split split, int n, int h, int w, long seed) {
        float[] x = new float[n * h * w];
        lastLabels = new int[n];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < n; i++) {
            lastLabels[i] = overlay.draw(x, i * h * w, 1, h, w, split, random.split());
        }
        return new Features(n, h * w, x);
    }
}
