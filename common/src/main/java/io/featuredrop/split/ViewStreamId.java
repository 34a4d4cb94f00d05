package io.featuredrop.split;

import java.security.SecureRandom;

/**
 * The {@code batchId} of a view batch names the stream it belongs to: a run's views are streamed
 * from step 0, and again from a checkpoint step each time the run is resumed, rewound or moved to
 * another augmenter replica. The id holds the start step (low 32 bits), a random nonce (11 bits) and
 * the owner epoch (20 bits above it): the consumer-group generation in which the streaming replica
 * was given the run's partition. The trainer recognises the first batch of a new stream (step ==
 * start step), a stale batch of an old one (another id), and a stream of a replica that has since
 * lost the run (an epoch below one it has already seen for that run: fenced); the augmenter ignores
 * gradients of views it no longer waits for.
 */
public final class ViewStreamId {

    /** Epochs wrap at 2^20 generations of one consumer group (a rebalance a minute for two years). */
    public static final long MAX_EPOCH = (1L << 20) - 1;
    private static final int NONCE_BITS = 11;
    private static final SecureRandom NONCES = new SecureRandom();

    private ViewStreamId() {
    }

    /** A new stream's id, starting at {@code startStep}, with owner epoch 0 (a single, unfenced owner). */
    public static long next(long startStep) {
        return next(startStep, 0);
    }

    /** A new stream's id, starting at {@code startStep}, streamed by an owner of {@code epoch} (taken modulo 2^20). */
    public static long next(long startStep, long epoch) {
        if (startStep < 0 || startStep > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("start step " + startStep + " out of range");
        }
        if (epoch < 0) {
            throw new IllegalArgumentException("owner epoch " + epoch + " is negative");
        }
        long nonce = 1 + NONCES.nextInt((1 << NONCE_BITS) - 1);
        return ((epoch & MAX_EPOCH) << (32 + NONCE_BITS)) | (nonce << 32) | startStep;
    }

    /** The step the stream of {@code id} starts at. */
    public static long startStep(long id) {
        return id & 0xFFFF_FFFFL;
    }

    /** The owner epoch of the stream of {@code id}. */
    public static long epoch(long id) {
        return (id >>> (32 + NONCE_BITS)) & MAX_EPOCH;
    }
}
