package io.featuredrop.stats;

import java.util.Collection;
import java.util.Locale;

/**
 * The mean of a few independent measurements (one per seed) with its two-sided Student's t
 * confidence interval: mean &plusmn; t(confidence, n-1) &middot; sd / &radic;n, sd the sample
 * standard deviation. With a single measurement there is no spread to estimate, so no interval:
 * {@code sd}, {@code low} and {@code high} are null (null, not NaN, so the record stays valid JSON).
 *
 * @param n          measurements
 * @param confidence e.g. 0.95
 */
public record MeanInterval(int n, double mean, Double sd, Double low, Double high, double confidence) {

    public static final double CONFIDENCE = 0.95;

    /** The mean of {@code values} with its 95% interval. */
    public static MeanInterval of(Collection<Double> values) {
        return of(values.stream().mapToDouble(Double::doubleValue).toArray(), CONFIDENCE);
    }

    public static MeanInterval of(double[] values, double confidence) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values: a mean needs at least one");
        }
        double sum = 0;
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("not a finite value: " + v);
            }
            sum += v;
        }
        int n = values.length;
        double mean = sum / n;
        if (n < 2) {
            return new MeanInterval(1, mean, null, null, null, confidence);
        }
        double squares = 0;
        for (double v : values) {
            squares += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(squares / (n - 1));
        double half = StudentT.twoSidedCritical(confidence, n - 1) * sd / Math.sqrt(n);
        return new MeanInterval(n, mean, sd, mean - half, mean + half, confidence);
    }

    public boolean hasInterval() {
        return low != null;
    }

    /** True when the whole interval lies above 0 (the mean is positive at this confidence). */
    public boolean excludesZeroAbove() {
        return hasInterval() && low > 0;
    }

    /** True when the whole interval lies below 0. */
    public boolean excludesZeroBelow() {
        return hasInterval() && high < 0;
    }

    /** "0.732 [0.712, 0.752]", or "0.732" for one measurement; three decimals. */
    public String format() {
        return hasInterval() ? String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", mean, low, high) : String.format(Locale.ROOT, "%.3f", mean);
    }

    /** The confidence as a percentage for sentences, e.g. "95%". */
    public String confidenceLabel() {
        return percent(confidence);
    }

    static String percent(double confidence) {
        double p = confidence * 100;
        return (p == Math.rint(p) ? String.format(Locale.ROOT, "%.0f", p) : String.format(Locale.ROOT, "%.1f", p)) + "%";
    }
}
