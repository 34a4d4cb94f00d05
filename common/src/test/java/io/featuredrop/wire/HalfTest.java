package io.featuredrop.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class HalfTest {

    @Test
    void knownValues() {
        assertEquals(0x3c00, Half.fromFloat(1f) & 0xffff);
        assertEquals(0xc000, Half.fromFloat(-2f) & 0xffff);
        assertEquals(0x7bff, Half.fromFloat(65504f) & 0xffff, "largest finite half");
        assertEquals(0x7c00, Half.fromFloat(65520f) & 0xffff, "rounds to infinity");
        assertEquals(0x0001, Half.fromFloat((float) Math.pow(2, -24)) & 0xffff, "smallest subnormal");
        assertEquals(0x0000, Half.fromFloat((float) Math.pow(2, -26)) & 0xffff, "underflow");
        assertEquals(0x3555, Half.fromFloat(1f / 3f) & 0xffff);
        assertTrue(Float.isNaN(Half.toFloat(Half.fromFloat(Float.NaN))));
        assertEquals(Float.NEGATIVE_INFINITY, Half.toFloat(Half.fromFloat(Float.NEGATIVE_INFINITY)));
    }

    @Test
    void everyHalfSurvivesARoundTripThroughFloat() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float f = Half.toFloat((short) bits);
            if (Float.isNaN(f)) {
                continue;
            }
            assertEquals(bits, Half.fromFloat(f) & 0xffff, "half 0x" + Integer.toHexString(bits) + " = " + f);
        }
    }

    @Test
    void roundsToNearestEven() {
        // 1 + 2^-11 lies exactly between 1 and the next half (1 + 2^-10): ties go to the even one (1)
        assertEquals(0x3c00, Half.fromFloat(1f + (float) Math.pow(2, -11)) & 0xffff);
        // 1 + 3*2^-11 lies between 1+2^-10 (odd) and 1+2^-9 (even): goes up
        assertEquals(0x3c02, Half.fromFloat(1f + 3f * (float) Math.pow(2, -11)) & 0xffff);
    }
}
