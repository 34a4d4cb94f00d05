package io.featuredrop.train;

/**
 * A gradient held NaN or Inf, so no parameter was updated (the last good weights stay). Not an
 * {@link IllegalStateException}: callers must fail the run with {@link #getMessage()}, never skip
 * the step and go on (a skipped step makes a run a function of when the fault struck, not of its config).
 */
public final class NonFiniteGradient extends RuntimeException {

    public NonFiniteGradient(String where) {
        super(where);
    }
}
