package io.featuredrop.testing;

import java.util.Optional;

/**
 * The equivalence criterion between a run through the services (or a resumed run) and the
 * single-process oracle: every step's loss within 1e-5 relative, in every mode. Runs are bitwise
 * reproducible for a fixed config and thread count (docs/ML.md, "Reproducibility"), so the
 * tolerance only forgives a different libtorch thread count between the two processes.
 */
public final class LossSequences {

    public static final double RELATIVE = 1e-5;

    private LossSequences() {
    }

    /** Empty when {@code actual} matches {@code expected}; else the first step that differs. */
    public static Optional<String> mismatch(String what, float[] expected, float[] actual) {
        if (expected.length != actual.length) {
            return Optional.of(what + ": " + actual.length + " losses, expected " + expected.length);
        }
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs((double) expected[i] - actual[i]);
            if (!(d <= Math.abs(expected[i]) * RELATIVE)) {
                return Optional.of(what + " step " + i + ": " + actual[i] + " vs " + expected[i] + " (relative difference "
                        + d / Math.abs(expected[i]) + " > " + RELATIVE + ")");
            }
        }
        return Optional.empty();
    }

    public static void assertMatch(String what, float[] expected, float[] actual) {
        mismatch(what, expected, actual).ifPresent(why -> {
            throw new AssertionError(why);
        });
    }
}
