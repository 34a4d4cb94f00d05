package io.featuredrop.data;

import java.util.SplittableRandom;

/**
 * Which items make up training step {@code s}, and the random source each item's overlay is
 * drawn from: both a pure function of (seed, step), so any service can resume or recompute any
 * step exactly. Items are taken from an endless sequence of epochs, each a seeded permutation.
 */
public final class BatchSampler {

    private final long seed;
    private final int datasetSize;
    private final int batchSize;
    private int cachedEpoch = -1;
    private int[] cachedPermutation;

    public BatchSampler(long seed, int datasetSize, int batchSize) {
        if (batchSize <= 0 || batchSize > datasetSize) {
            throw new IllegalArgumentException("batch " + batchSize + " for a dataset of " + datasetSize);
        }
        this.seed = seed;
        this.datasetSize = datasetSize;
        this.batchSize = batchSize;
    }

    /** Dataset indices of step {@code step} (0-based). */
    public int[] indices(long step) {
        int[] out = new int[batchSize];
        long first = step * batchSize;
        for (int i = 0; i < batchSize; i++) {
            long position = first + i;
            int epoch = (int) (position / datasetSize);
            out[i] = permutation(epoch)[(int) (position % datasetSize)];
        }
        return out;
    }

    /** Random source for the {@code slot}-th item of step {@code step} (overlay and expert views). */
    public SplittableRandom itemRandom(long step, int slot) {
        return new SplittableRandom(mix(mix(seed, step), slot));
    }

    /** Random source for view {@code view} (0 or 1) of the {@code slot}-th item of step {@code step} (expert views). */
    public SplittableRandom viewRandom(long step, int slot, int view) {
        return new SplittableRandom(mix(mix(mix(seed, step), slot), 7L + view));
    }

    /** Seed of the Viewmaker's noise for step {@code step}. */
    public long noiseSeed(long step) {
        return mix(mix(seed, step), -7L);
    }

    private int[] permutation(int epoch) {
        if (epoch != cachedEpoch) {
            int[] p = new int[datasetSize];
            for (int i = 0; i < datasetSize; i++) {
                p[i] = i;
            }
            SplittableRandom random = new SplittableRandom(mix(seed, -1L - epoch));
            for (int i = datasetSize - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
            cachedPermutation = p;
            cachedEpoch = epoch;
        }
        return cachedPermutation;
    }

    /** SplitMix64-style mixing, so nearby (seed, step) pairs give unrelated streams. */
    public static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
