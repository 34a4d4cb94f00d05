package io.featuredrop.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the CIFAR-10 binary format ({@code data_batch_1.bin} ... {@code test_batch.bin}): records
 * of one label byte and 3072 pixel bytes (1024 red, 1024 green, 1024 blue, row-major 32x32).
 */
public final class CifarBinaryReader {

    static final int SIDE = 32;
    static final int RECORD = 1 + 3 * SIDE * SIDE;

    private CifarBinaryReader() {
    }

    public static ImageSet read(List<Path> files) throws IOException {
        long total = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                throw new DatasetFormatException(f + ": no such file (CIFAR-10 binary version, e.g. data_batch_1.bin)");
            }
            long size = Files.size(f);
            if (size == 0 || size % RECORD != 0) {
                throw new DatasetFormatException(f + ": " + size + " bytes is not a whole number of " + RECORD + "-byte CIFAR-10 records");
            }
            total += size / RECORD;
        }
        int n = Math.toIntExact(total);
        byte[] pixels = new byte[n * (RECORD - 1)];
        int[] labels = new int[n];
        int i = 0;
        for (Path f : files) {
            byte[] bytes = Files.readAllBytes(f);
            for (int off = 0; off < bytes.length; off += RECORD, i++) {
                labels[i] = bytes[off] & 0xff;
                if (labels[i] > 9) {
                    throw new DatasetFormatException(f + ": record " + (off / RECORD) + " has label " + labels[i] + ", CIFAR-10 has 0..9");
                }
                System.arraycopy(bytes, off + 1, pixels, i * (RECORD - 1), RECORD - 1);
            }
        }
        return new ImageSet(n, 3, SIDE, SIDE, pixels, labels);
    }
}
