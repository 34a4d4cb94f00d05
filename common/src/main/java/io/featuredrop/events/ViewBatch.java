package io.featuredrop.events;

import io.featuredrop.wire.FloatTensor;
import java.util.Arrays;

/**
 * Two views of each sample of one training batch ({@code fd.views}). Tensors are NCHW.
 *
 * @param batchId   the view stream the batch belongs to (start step + nonce, see
 *                  {@code split.ViewStreamId}); a redelivered batch has the same id and step (never
 *                  trained twice)
 * @param sampleIndices dataset indices of the batch, in order
 */
public record ViewBatch(String runId, long step, long batchId, long[] sampleIndices,
                        FloatTensor view1, FloatTensor view2, WirePrecision precision) {

    public static final int SCHEMA_VERSION = 1;

    public ViewBatch {
        if (view1.shape().length != 4 || !Arrays.equals(view1.shape(), view2.shape())) {
            throw new IllegalArgumentException("views must both be NCHW of one shape, got "
                    + Arrays.toString(view1.shape()) + " and " + Arrays.toString(view2.shape()));
        }
        if (view1.shape()[0] != sampleIndices.length) {
            throw new IllegalArgumentException("batch of " + view1.shape()[0] + " views but " + sampleIndices.length + " sample indices");
        }
    }
}
