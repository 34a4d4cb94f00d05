package io.featuredrop.split;

import java.security.SecureRandom;

/**
 * The {@code batchId} of a view batch names the stream it belongs to: a run's views are streamed
 * from step 0, and again from a checkpoint step each time the run is resumed or rewound. The id
 * holds that start step (low 32 bits) and a random nonce (high bits), so the trainer recognises the
 * first batch of a new stream (step == start step) and a stale batch of an old one (another id),
 * and the augmenter ignores gradients of views it no longer waits for.
 */
public final class ViewStreamId {

    private static final SecureRandom NONCES = new SecureRandom();

    private ViewStreamId() {
    }

    /** A new stream's id, starting at {@code startStep}. */
    public static long next(long startStep) {
        if (startStep < 0 || startStep > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("start step " + startStep + " out of range");
        }
        long nonce = 1 + NONCES.nextInt(Integer.MAX_VALUE - 1);
        return (nonce << 32) | startStep;
    }

    /** The step the stream of {@code id} starts at. */
    public static long startStep(long id) {
        return id & 0xFFFF_FFFFL;
    }
}
