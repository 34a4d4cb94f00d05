package io.featuredrop.augmenter.intake;

/** Why an fd.runs record was dead-lettered; its message becomes the {@code dead-letter-reason} header. */
public class NotARunConfigException extends RuntimeException {
    public NotARunConfigException(String reason) {
        super("not a run config: " + reason, null, false, false);
    }
}
