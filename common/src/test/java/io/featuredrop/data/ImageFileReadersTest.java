package io.featuredrop.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On small files written here in the standard formats (the real ones are read by the data tests of issue 4). */
@Tag("fast")
class ImageFileReadersTest {

    @TempDir
    Path dir;

    private static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bos = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bos);
        out.writeShort(0);
        out.writeByte(0x08);
        out.writeByte(dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bos.toByteArray();
    }

    private Path write(String name, byte[] bytes, boolean gzip) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(p)) : Files.newOutputStream(p)) {
            out.write(bytes);
        }
        return p;
    }

    @Test
    void readsIdxPlainAndGzipped() throws IOException {
        Random rnd = new Random(3);
        byte[] pixels = new byte[5 * 28 * 28];
        rnd.nextBytes(pixels);
        byte[] labels = {0, 9, 3, 3, 7};
        for (boolean gz : new boolean[] {false, true}) {
            ImageSet s = IdxReader.read(write("img" + gz, idx(new int[] {5, 28, 28}, pixels), gz),
                    write("lab" + gz, idx(new int[] {5}, labels), gz));
            assertEquals(5, s.count());
            assertEquals(1, s.channels());
            assertEquals(28, s.height());
            assertArrayEquals(pixels, s.pixels());
            assertArrayEquals(new int[] {0, 9, 3, 3, 7}, s.labels());
            assertEquals((pixels[28 + 2] & 0xff) / 255f, s.pixel(0, 0, 1, 2));
        }
    }

    @Test
    void badIdxFilesSayWhatIsWrong() throws IOException {
        byte[] pixels = new byte[2 * 4 * 4];
        Path labels = write("l", idx(new int[] {2}, new byte[] {1, 2}), false);
        Path truncated = write("t", Arrays.copyOf(idx(new int[] {2, 4, 4}, pixels), 30), false);
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxReader.read(truncated, labels)).getMessage().contains("truncated"));
        Path notIdx = write("n", "hello world, not idx".getBytes(), false);
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxReader.read(notIdx, labels)).getMessage().contains("not an unsigned-byte IDX"));
        Path three = write("three", idx(new int[] {3, 4, 4}, new byte[3 * 16]), false);
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxReader.read(three, labels)).getMessage().contains("3 images but"));
        assertTrue(assertThrows(DatasetFormatException.class, () -> IdxReader.read(dir.resolve("missing"), labels)).getMessage().contains("no such file"));
    }

    @Test
    void readsCifarBinaryRecordsAcrossFiles() throws IOException {
        Random rnd = new Random(4);
        byte[] a = new byte[2 * CifarBinaryReader.RECORD];
        byte[] b = new byte[CifarBinaryReader.RECORD];
        rnd.nextBytes(a);
        rnd.nextBytes(b);
        a[0] = 6;
        a[CifarBinaryReader.RECORD] = 9;
        b[0] = 0;
        ImageSet s = CifarBinaryReader.read(List.of(write("a.bin", a, false), write("b.bin", b, false)));
        assertEquals(3, s.count());
        assertEquals(3, s.channels());
        assertArrayEquals(new int[] {6, 9, 0}, s.labels());
        // record 1, green plane, pixel (y=2, x=5)
        assertEquals((a[CifarBinaryReader.RECORD + 1 + 1024 + 2 * 32 + 5] & 0xff) / 255f, s.pixel(1, 1, 2, 5));
        byte[] bad = Arrays.copyOf(b, b.length - 1);
        assertTrue(assertThrows(DatasetFormatException.class, () -> CifarBinaryReader.read(List.of(write("c.bin", bad, false))))
                .getMessage().contains("not a whole number"));
        b[0] = 12;
        assertTrue(assertThrows(DatasetFormatException.class, () -> CifarBinaryReader.read(List.of(write("d.bin", b, false))))
                .getMessage().contains("label 12"));
    }
}
