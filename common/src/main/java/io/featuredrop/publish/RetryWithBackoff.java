package io.featuredrop.publish;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Repeats a send until it succeeds: a broker that is away, a timeout or a lost leader is waited for
 * (0.2 s, doubling to a maximum), never turned into a dead-letter of the record being answered. Only a
 * failure that no retry can fix (a record too large, say) is given back to the caller, who must answer
 * in a form that fits.
 */
public final class RetryWithBackoff {

    private static final Logger LOG = LoggerFactory.getLogger(RetryWithBackoff.class);
    static final long FIRST_BACKOFF_MS = 200;

    /** One try of the send. */
    @FunctionalInterface
    public interface Attempt {
        void run() throws Exception;
    }

    /** A failure {@link #run} does not retry: the caller's to handle. */
    public static final class GaveUp extends RuntimeException {
        GaveUp(String what, Throwable cause) {
            super(what + " cannot succeed by retrying: " + cause, cause, false, false);
        }
    }

    private final Duration maxBackoff;
    private final Predicate<Throwable> hopeless;
    private final Consumer<Throwable> onRetry;

    /** {@code hopeless}: failures not worth retrying; {@code onRetry}: told of each failure that will be retried (count it). */
    public RetryWithBackoff(Duration maxBackoff, Predicate<Throwable> hopeless, Consumer<Throwable> onRetry) {
        this.maxBackoff = maxBackoff;
        this.hopeless = hopeless;
        this.onRetry = onRetry;
    }

    /** Runs {@code attempt} until it succeeds; returns how many tries it took. */
    public int run(String what, Attempt attempt) {
        long backoffMs = FIRST_BACKOFF_MS;
        for (int tries = 1; ; tries++) {
            try {
                attempt.run();
                return tries;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + what, e);
            } catch (Exception e) {
                if (causedBy(e, hopeless)) {
                    throw new GaveUp(what, e);
                }
                onRetry.accept(e);
                LOG.warn("{} failed (try {}), retrying in {} ms: {}", what, tries, backoffMs, e.toString());
            }
            try {
                Thread.sleep(backoffMs);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while " + what, ie);
            }
            backoffMs = Math.min(backoffMs * 2, maxBackoff.toMillis());
        }
    }

    /** True when {@code e} or any of its causes matches. */
    public static boolean causedBy(Throwable e, Predicate<Throwable> test) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (test.test(t)) {
                return true;
            }
        }
        return false;
    }

    /** Failures of a Kafka send that retrying cannot fix (SmallRye's own non-recoverable list, plus authorisation). */
    public static boolean kafkaHopeless(Throwable t) {
        return t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || t instanceof org.apache.kafka.common.errors.RecordBatchTooLargeException
                || t instanceof org.apache.kafka.common.errors.SerializationException
                || t instanceof org.apache.kafka.common.errors.InvalidTopicException
                || t instanceof org.apache.kafka.common.errors.OffsetMetadataTooLarge
                || t instanceof org.apache.kafka.common.errors.UnknownServerException
                || t instanceof org.apache.kafka.common.errors.TransactionAbortedException
                || t instanceof org.apache.kafka.common.errors.AuthorizationException;
    }
}
