package io.featuredrop.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST and Fashion-MNIST ({@code *-ubyte}, plain or gzip-compressed,
 * detected by content): unsigned-byte tensors, big-endian dimensions.
 */
public final class IdxReader {

    private static final int UBYTE = 0x08;

    private IdxReader() {
    }

    /** Images ({@code [n, rows, cols]}) and labels ({@code [n]}) files of one split. */
    public static ImageSet read(Path images, Path labels) throws IOException {
        Tensor img = readTensor(images);
        Tensor lab = readTensor(labels);
        if (img.dims.length != 3) {
            throw new DatasetFormatException(images + ": expected 3 dimensions (n, rows, cols), got " + img.dims.length);
        }
        if (lab.dims.length != 1) {
            throw new DatasetFormatException(labels + ": expected 1 dimension (n), got " + lab.dims.length);
        }
        if (img.dims[0] != lab.dims[0]) {
            throw new DatasetFormatException(images + " has " + img.dims[0] + " images but " + labels + " has " + lab.dims[0] + " labels");
        }
        int[] l = new int[lab.data.length];
        for (int i = 0; i < l.length; i++) {
            l[i] = lab.data[i] & 0xff;
        }
        return new ImageSet(img.dims[0], 1, img.dims[1], img.dims[2], img.data, l);
    }

    private record Tensor(int[] dims, byte[] data) {
    }

    private static Tensor readTensor(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file + ": no such file");
        }
        try (DataInputStream in = new DataInputStream(open(file))) {
            int zero = in.readUnsignedShort();
            int type = in.readUnsignedByte();
            int ndims = in.readUnsignedByte();
            if (zero != 0 || type != UBYTE || ndims < 1 || ndims > 4) {
                throw new DatasetFormatException(file + ": not an unsigned-byte IDX file (magic 0x"
                        + Integer.toHexString(zero << 16 | type << 8 | ndims) + ")");
            }
            int[] dims = new int[ndims];
            long total = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = in.readInt();
                if (dims[i] < 0) {
                    throw new DatasetFormatException(file + ": negative dimension " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(file + ": " + total + " values are too many for one array");
            }
            byte[] data = new byte[(int) total];
            in.readFully(data);
            if (in.read() != -1) {
                throw new DatasetFormatException(file + ": trailing bytes after " + total + " values");
            }
            return new Tensor(dims, data);
        } catch (EOFException e) {
            throw new DatasetFormatException(file + ": truncated (ends before the sizes its header announces)");
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file));
        raw.mark(2);
        int b1 = raw.read();
        int b2 = raw.read();
        raw.reset();
        return b1 == 0x1f && b2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(raw)) : raw;
    }
}
