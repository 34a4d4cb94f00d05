package io.featuredrop.stats;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Critical values of Student's t distribution. Exact quantiles matter here: with 3 seeds (2 degrees
 * of freedom) the 95% value is 4.303, more than twice the normal 1.96, and an interval built on the
 * normal value would claim far more than the data support.
 */
public final class StudentT {

    private StudentT() {
    }

    /**
     * The two-sided critical value t such that P(-t &lt; T &lt; t) = {@code confidence} for T with
     * {@code degreesOfFreedom} degrees of freedom (e.g. 0.95 and 4 give 2.776).
     */
    public static double twoSidedCritical(double confidence, int degreesOfFreedom) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must lie in (0, 1), got " + confidence);
        }
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + degreesOfFreedom);
        }
        // no random generator: only the quantile is needed, and commons-math would seed one per instance
        TDistribution t = new TDistribution(null, degreesOfFreedom, 1e-12);
        return t.inverseCumulativeProbability(0.5 + confidence / 2);
    }
}
