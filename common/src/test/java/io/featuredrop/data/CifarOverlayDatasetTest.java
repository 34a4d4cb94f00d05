package io.featuredrop.data;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The paper's CIFAR-10 datasets open from user-supplied binaries (small files written here) with colour overlays. */
@Tag("fast")
class CifarOverlayDatasetTest {

    @Test
    void cifarDatasetsOpenFromBinaryFilesWithColourOverlays(@TempDir Path dir) throws Exception {
        Path cifar = dir.resolve("cifar");
        Files.createDirectories(cifar);
        for (int b = 1; b <= 5; b++) {
            write(cifar.resolve("data_batch_" + b + ".bin"), 3, b);
        }
        write(cifar.resolve("test_batch.bin"), 2, 9);
        DataLocations where = new DataLocations(DataLocations.fromEnvironment().dataDir(), cifar);
        for (String name : new String[] {"cifar10+mnist", "cifar10+shapes", "cifar10+letters"}) {
            MultiTaskDataset data = Datasets.open(name, where);
            assertEquals(15, data.size(Split.TRAIN), name);
            assertEquals(2, data.size(Split.TEST), name);
            float[] image = new float[3 * 32 * 32];
            int[] labels = data.item(Split.TRAIN, 4, new SplittableRandom(5), image, 0);
            assertEquals(4 % 10, labels[0], name + ": CIFAR class from the file");
            assertTrue(labels[1] >= 0 && labels[1] < data.info().tasks().get(1).numClasses());
            // the base image is flat grey 0.5 per record; the overlay changes some pixels
            int changed = 0;
            for (float v : image) {
                if (Math.abs(v - 128 / 255f) > 1e-3) {
                    changed++;
                }
            }
            assertTrue(changed > 20, name + ": overlay drew " + changed + " values");
            float[] other = new float[image.length];
            data.item(Split.TRAIN, 4, new SplittableRandom(6), other, 0);
            assertNotEquals(java.util.Arrays.hashCode(image), java.util.Arrays.hashCode(other), name + ": fresh overlay per draw");
        }
    }

    /** CIFAR-10 binary records: label byte + 3072 pixel bytes (R, G, B planes); all pixels 128. */
    private static void write(Path file, int records, int batch) throws Exception {
        byte[] bytes = new byte[records * 3073];
        for (int r = 0; r < records; r++) {
            int index = (batch - 1) * 3 + r;
            bytes[r * 3073] = (byte) (index % 10);
            java.util.Arrays.fill(bytes, r * 3073 + 1, (r + 1) * 3073, (byte) 128);
        }
        Files.write(file, bytes);
    }
}
