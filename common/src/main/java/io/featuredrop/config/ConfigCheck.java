package io.featuredrop.config;

import io.featuredrop.events.FieldError;
import io.featuredrop.events.RunConfig;
import java.util.List;

/**
 * What the validator concluded about one {@code fd.runs} record.
 * <ul>
 *   <li>{@link Outcome#VALID}: {@link #config()} is the normalised config (every default filled in);</li>
 *   <li>{@link Outcome#INVALID}: {@link #errors()} names every bad field; {@link #runId()} is usable as the status key;</li>
 *   <li>{@link Outcome#NOT_A_CONFIG}: not JSON, not an object, or no usable runId to answer to: goes to fd.dlq.</li>
 * </ul>
 */
public record ConfigCheck(Outcome outcome, String runId, RunConfig config, List<FieldError> errors) {

    public enum Outcome { VALID, INVALID, NOT_A_CONFIG }

    /** Errors are bounded here, once, so no answer built from a check can grow with its input. */
    public ConfigCheck {
        errors = ConfigLimits.bounded(errors);
    }

    public boolean valid() {
        return outcome == Outcome.VALID;
    }

    /** One line a human can read: the reason for REJECTED or for the dead-letter. */
    public String summary() {
        return switch (outcome) {
            case VALID -> "valid";
            case INVALID, NOT_A_CONFIG -> String.join("; ", errors.stream().map(FieldError::toString).toList());
        };
    }
}
