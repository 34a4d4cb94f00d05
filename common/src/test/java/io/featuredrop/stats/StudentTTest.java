package io.featuredrop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class StudentTTest {

    @Test
    void matchesPrintedTablesOfTheNinetySevenPointFiveQuantile() {
        // the t table of any statistics textbook (3 decimals)
        double[] table = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228};
        for (int df = 1; df <= table.length; df++) {
            assertEquals(table[df - 1], StudentT.twoSidedCritical(0.95, df), 0.0005, "df " + df);
        }
        assertEquals(2.042, StudentT.twoSidedCritical(0.95, 30), 0.0005);
        assertEquals(9.925, StudentT.twoSidedCritical(0.99, 2), 0.0005);
        assertEquals(2.132, StudentT.twoSidedCritical(0.90, 4), 0.0005);
        // large df tends to the normal 1.960
        assertEquals(1.962, StudentT.twoSidedCritical(0.95, 1000), 0.0005);
    }

    /** An independent computation: integrate the t density (Simpson's rule) from -t to t; it must give the confidence. */
    @Test
    void theDensityIntegratesToTheConfidenceBetweenMinusAndPlusTheCriticalValue() {
        for (int df = 1; df <= 30; df++) {
            for (double confidence : new double[] {0.8, 0.9, 0.95, 0.99}) {
                double t = StudentT.twoSidedCritical(confidence, df);
                assertEquals(confidence, 2 * simpson(df, t, 200_000), 1e-8, "df " + df + ", confidence " + confidence);
            }
        }
    }

    @Test
    void refusesWhatHasNoQuantile() {
        assertThrows(IllegalArgumentException.class, () -> StudentT.twoSidedCritical(0.95, 0));
        assertThrows(IllegalArgumentException.class, () -> StudentT.twoSidedCritical(1.0, 3));
        assertThrows(IllegalArgumentException.class, () -> StudentT.twoSidedCritical(Double.NaN, 3));
    }

    /** The integral of the t density with {@code df} degrees of freedom over [0, to]. */
    private static double simpson(int df, double to, int intervals) {
        double h = to / intervals;
        double sum = density(df, 0) + density(df, to);
        for (int i = 1; i < intervals; i++) {
            sum += (i % 2 == 1 ? 4 : 2) * density(df, i * h);
        }
        return sum * h / 3;
    }

    private static double density(int df, double x) {
        return gammaOfHalf(df + 1) / (Math.sqrt(df * Math.PI) * gammaOfHalf(df)) * Math.pow(1 + x * x / df, -(df + 1) / 2.0);
    }

    /** Gamma(k / 2) for a positive integer k, exactly by the recursion from Gamma(1/2) = sqrt(pi) and Gamma(1) = 1. */
    private static double gammaOfHalf(int k) {
        double g = k % 2 == 0 ? 1 : Math.sqrt(Math.PI);
        for (int twice = k % 2 == 0 ? 2 : 1; twice < k; twice += 2) {
            g *= twice / 2.0;
        }
        return g;
    }
}
