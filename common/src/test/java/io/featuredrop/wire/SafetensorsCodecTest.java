package io.featuredrop.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.events.WirePrecision;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class SafetensorsCodecTest {

    private static FloatTensor randomTensor(Random rnd) {
        int rank = rnd.nextInt(5);
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = rnd.nextInt(6); // zero-sized dimensions included
        }
        float[] data = new float[(int) FloatTensor.elementCount(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (rnd.nextGaussian() * 3);
        }
        return new FloatTensor(shape, data);
    }

    @Test
    void randomShapesRoundTripExactlyInFp32AndWithinHalfPrecisionInFp16() {
        Random rnd = new Random(42);
        for (int trial = 0; trial < 300; trial++) {
            Map<String, FloatTensor> floats = new LinkedHashMap<>();
            int n = 1 + rnd.nextInt(4);
            for (int i = 0; i < n; i++) {
                floats.put("t" + i, randomTensor(rnd));
            }
            long[] idx = rnd.longs(rnd.nextInt(10), -5, Long.MAX_VALUE).toArray();
            TensorFile file = new TensorFile(floats, Map.of("indices", idx), Map.of("k", "v" + trial));

            TensorFile back32 = SafetensorsCodec.decode(SafetensorsCodec.encode(file, WirePrecision.FP32));
            assertEquals(floats, back32.floats(), "fp32 is exact");
            assertArrayEquals(idx, back32.longTensor("indices"));
            assertEquals("v" + trial, back32.meta("k"));

            TensorFile back16 = SafetensorsCodec.decode(SafetensorsCodec.encode(file, WirePrecision.FP16));
            for (String name : floats.keySet()) {
                FloatTensor a = floats.get(name);
                FloatTensor b = back16.floatTensor(name);
                assertArrayEquals(a.shape(), b.shape());
                for (int i = 0; i < a.data().length; i++) {
                    float tol = Math.max(Math.abs(a.data()[i]) * 1e-3f, 6e-5f);
                    assertEquals(a.data()[i], b.data()[i], tol, name + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void headerFollowsTheSpec() {
        FloatTensor t = new FloatTensor(new long[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});
        byte[] bytes = SafetensorsCodec.encode(new TensorFile(Map.of("x", t), Map.of(), Map.of()), WirePrecision.FP32);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "data is 8-byte aligned");
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim();
        assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]}}", header);
        assertEquals(8 + n + 24, bytes.length);
        b.position(8 + (int) n);
        assertEquals(1f, b.getFloat());
    }

    @Test
    void everyTruncationAndGarbageGivesAClearException() {
        FloatTensor t = new FloatTensor(new long[] {2, 2}, new float[] {1, 2, 3, 4});
        byte[] good = SafetensorsCodec.encode(new TensorFile(Map.of("a", t), Map.of("i", new long[] {7}), Map.of("m", "x")), WirePrecision.FP16);
        for (int cut = 0; cut < good.length; cut++) {
            byte[] truncated = Arrays.copyOf(good, cut);
            WireFormatException e = assertThrows(WireFormatException.class, () -> SafetensorsCodec.decode(truncated), "cut at " + cut);
            assertTrue(e.getMessage().length() > 10);
        }
        Random rnd = new Random(7);
        for (int trial = 0; trial < 500; trial++) {
            byte[] garbage = new byte[rnd.nextInt(200)];
            rnd.nextBytes(garbage);
            assertThrows(WireFormatException.class, () -> SafetensorsCodec.decode(garbage));
        }
        byte[] text = "{\"runId\":\"r1\"}".getBytes(StandardCharsets.UTF_8);
        assertThrows(WireFormatException.class, () -> SafetensorsCodec.decode(text));
        assertThrows(WireFormatException.class, () -> SafetensorsCodec.decode(null));
    }

    @Test
    void aLyingHeaderIsRefused() {
        String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000],\"data_offsets\":[0,4]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).putFloat(1f);
        WireFormatException e = assertThrows(WireFormatException.class, () -> SafetensorsCodec.decode(b.array()));
        assertTrue(e.getMessage().contains("needs"), e.getMessage());

        String bf = "{\"a\":{\"dtype\":\"BOOL\",\"shape\":[4],\"data_offsets\":[0,4]}}";
        byte[] hb = bf.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b2 = ByteBuffer.allocate(8 + hb.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b2.putLong(hb.length).put(hb).putInt(0);
        assertTrue(assertThrows(WireFormatException.class, () -> SafetensorsCodec.decode(b2.array())).getMessage().contains("dtype"));
    }
}
