package io.featuredrop.stats;

import java.util.Locale;

/**
 * What a paired difference says about one task, in words a reader can quote: which direction holds
 * at the interval's confidence, or that neither does because the interval includes 0, or that one
 * seed allows no interval at all.
 *
 * @param outcome  the decision
 * @param sentence e.g. "viewmaker > expert on digit at 95% (viewmaker - expert +0.119, interval +0.029..+0.209, 3 seeds); the reverse does not hold"
 */
public record Verdict(Outcome outcome, String sentence) {

    public enum Outcome {
        /** the whole interval of first - second lies above 0 */
        FIRST_HIGHER,
        /** the whole interval lies below 0 */
        SECOND_HIGHER,
        /** the interval includes 0: neither direction holds at this confidence */
        NOT_SIGNIFICANT,
        /** one matched seed: no interval can be computed */
        NO_INTERVAL,
        /** no seed measured in both groups */
        NO_PAIRS
    }

    public static Verdict of(PairedDifference d, String task) {
        String a = d.first();
        String b = d.second();
        MeanInterval i = d.interval();
        if (i == null) {
            return new Verdict(Outcome.NO_PAIRS, String.format(Locale.ROOT, "%s vs %s on %s: no seed measured in both, nothing to compare", a, b, task));
        }
        String diff = a + " - " + b + " " + signed(i.mean());
        if (!i.hasInterval()) {
            return new Verdict(Outcome.NO_INTERVAL, String.format(Locale.ROOT,
                    "%s vs %s on %s: one seed (%d), no interval possible (%s); run more seeds (--seeds N) to test either direction",
                    a, b, task, d.seeds().get(0), diff));
        }
        String evidence = String.format(Locale.ROOT, "%s, interval %s..%s, %d seeds", diff, signed(i.low()), signed(i.high()), i.n());
        String level = i.confidenceLabel();
        if (i.excludesZeroAbove()) {
            return new Verdict(Outcome.FIRST_HIGHER, String.format(Locale.ROOT, "%s > %s on %s at %s (%s); the reverse does not hold",
                    a, b, task, level, evidence));
        }
        if (i.excludesZeroBelow()) {
            return new Verdict(Outcome.SECOND_HIGHER, String.format(Locale.ROOT, "%s > %s on %s at %s (%s); the reverse does not hold",
                    b, a, task, level, evidence));
        }
        return new Verdict(Outcome.NOT_SIGNIFICANT, String.format(Locale.ROOT,
                "%s vs %s on %s: not significant at %s, interval includes 0 (%s); neither direction holds", a, b, task, level, evidence));
    }

    static String signed(double v) {
        // 0.0004 and -0.0004 both print as +0.000: the sign of a rounded zero means nothing
        String s = String.format(Locale.ROOT, "%+.3f", v);
        return s.equals("-0.000") ? "+0.000" : s;
    }
}
