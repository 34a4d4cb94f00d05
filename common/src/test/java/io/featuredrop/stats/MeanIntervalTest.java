package io.featuredrop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class MeanIntervalTest {

    @Test
    void matchesScipysOneSampleInterval() {
        // scipy 1.17.1: stats.ttest_1samp([1, 2, 3, 4, 5], 0).confidence_interval(0.95) = (1.0367568385224428, 4.963243161477557)
        MeanInterval i = MeanInterval.of(List.of(1.0, 2.0, 3.0, 4.0, 5.0));
        assertEquals(5, i.n());
        assertEquals(3.0, i.mean(), 1e-12);
        assertEquals(Math.sqrt(2.5), i.sd(), 1e-12);
        assertEquals(1.0367568385224428, i.low(), 1e-9);
        assertEquals(4.963243161477557, i.high(), 1e-9);
        // ttest_1samp([0.61, 0.58, 0.66, 0.70], 0).confidence_interval(0.99) = (0.4822757058964378, 0.7927242941035622)
        MeanInterval wide = MeanInterval.of(new double[] {0.61, 0.58, 0.66, 0.70}, 0.99);
        assertEquals(0.4822757058964378, wide.low(), 1e-9);
        assertEquals(0.7927242941035622, wide.high(), 1e-9);
        assertEquals("99%", wide.confidenceLabel());
        assertEquals("3.000 [1.037, 4.963]", i.format());
    }

    @Test
    void oneMeasurementHasNoInterval() {
        MeanInterval i = MeanInterval.of(List.of(0.42));
        assertFalse(i.hasInterval());
        assertNull(i.sd());
        assertNull(i.low());
        assertFalse(i.excludesZeroAbove());
        assertFalse(i.excludesZeroBelow());
        assertEquals("0.420", i.format());
    }

    /**
     * Over many samples of 3 normal values, the 95% interval covers the true mean 95% of the time; with the
     * normal 1.96 instead of t's 4.303 it would cover about 81%, so a wrong quantile fails this.
     */
    @Test
    void coversTheTrueMeanAtItsConfidenceWithThreeSeeds() {
        Random random = new Random(42);
        int trials = 20_000;
        int covered = 0;
        for (int k = 0; k < trials; k++) {
            double[] x = {0.3 + 0.05 * random.nextGaussian(), 0.3 + 0.05 * random.nextGaussian(), 0.3 + 0.05 * random.nextGaussian()};
            MeanInterval i = MeanInterval.of(x, 0.95);
            if (i.low() <= 0.3 && 0.3 <= i.high()) {
                covered++;
            }
        }
        double coverage = covered / (double) trials;
        assertTrue(Math.abs(coverage - 0.95) < 0.01, "coverage " + coverage);
    }

    @Test
    void refusesNoValuesAndNonFiniteOnes() {
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.of(List.of()));
        assertThrows(IllegalArgumentException.class, () -> MeanInterval.of(List.of(0.5, Double.NaN)));
    }
}
