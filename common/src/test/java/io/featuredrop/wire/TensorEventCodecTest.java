package io.featuredrop.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.events.WirePrecision;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class TensorEventCodecTest {

    private static FloatTensor images(Random rnd, int n, int c, int h, int w) {
        float[] d = new float[n * c * h * w];
        for (int i = 0; i < d.length; i++) {
            d[i] = rnd.nextFloat();
        }
        return new FloatTensor(new long[] {n, c, h, w}, d);
    }

    @Test
    void viewBatchRoundTripsWithHeaders() {
        Random rnd = new Random(1);
        ViewBatch b = new ViewBatch("run-1", 17, 17, new long[] {5, 9, 2}, images(rnd, 3, 1, 28, 28), images(rnd, 3, 1, 28, 28), WirePrecision.FP32);
        EncodedEvent e = ViewBatchCodec.encode(b);
        ViewBatch back = ViewBatchCodec.decode(e.value());
        assertEquals("run-1", back.runId());
        assertEquals(17, back.step());
        assertEquals(17, back.batchId());
        assertArrayEquals(b.sampleIndices(), back.sampleIndices());
        assertEquals(b.view1(), back.view1());
        assertEquals(b.view2(), back.view2());
        assertEquals("run-1", e.headers().get(EventHeaders.RUN_ID));
        assertEquals("17", e.headers().get(EventHeaders.STEP));
        assertEquals("1", e.headers().get(EventHeaders.SCHEMA_VERSION));
        assertEquals("fp32", e.headers().get(EventHeaders.PRECISION));
    }

    @Test
    void fp16HalvesTheTensorBytes() {
        Random rnd = new Random(2);
        ViewBatch b32 = new ViewBatch("r", 1, 1, new long[] {0, 1}, images(rnd, 2, 3, 32, 32), images(rnd, 2, 3, 32, 32), WirePrecision.FP32);
        ViewBatch b16 = new ViewBatch("r", 1, 1, new long[] {0, 1}, b32.view1(), b32.view2(), WirePrecision.FP16);
        int tensorBytes = 2 * 2 * 3 * 32 * 32 * 4;
        int diff = ViewBatchCodec.encode(b32).value().length - ViewBatchCodec.encode(b16).value().length;
        assertTrue(Math.abs(diff - tensorBytes / 2) < 64, "diff " + diff);
        assertEquals(WirePrecision.FP16, ViewBatchCodec.decode(ViewBatchCodec.encode(b16).value()).precision());
    }

    @Test
    void viewGradientKeepsTheLossExactly() {
        Random rnd = new Random(3);
        ViewGradient g = new ViewGradient("run-2", 4, 4, 5.123456789012345, images(rnd, 2, 1, 4, 4), images(rnd, 2, 1, 4, 4), WirePrecision.FP32);
        ViewGradient back = ViewGradientCodec.decode(ViewGradientCodec.encode(g).value());
        assertEquals(g.loss(), back.loss(), 0.0);
        assertEquals(g.grad1(), back.grad1());
        assertEquals(g.grad2(), back.grad2());
        assertEquals(4, back.step());
    }

    @Test
    void oneKindIsNotReadAsAnother() {
        Random rnd = new Random(4);
        ViewGradient g = new ViewGradient("r", 1, 1, 0.5, images(rnd, 2, 1, 2, 2), images(rnd, 2, 1, 2, 2), WirePrecision.FP32);
        WireFormatException e = assertThrows(WireFormatException.class, () -> ViewBatchCodec.decode(ViewGradientCodec.encode(g).value()));
        assertTrue(e.getMessage().contains("expected a " + ViewBatchCodec.TYPE), e.getMessage());
    }

    @Test
    void inconsistentShapesAreRefusedOnBothSides() {
        Random rnd = new Random(5);
        assertThrows(IllegalArgumentException.class,
                () -> new ViewBatch("r", 1, 1, new long[] {1}, images(rnd, 2, 1, 2, 2), images(rnd, 2, 1, 2, 2), WirePrecision.FP32));
        assertThrows(IllegalArgumentException.class,
                () -> new ViewBatch("r", 1, 1, new long[] {1, 2}, images(rnd, 2, 1, 2, 2), images(rnd, 2, 1, 3, 2), WirePrecision.FP32));
    }
}
