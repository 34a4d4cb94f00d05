package io.featuredrop.events;

import io.featuredrop.wire.FloatTensor;
import java.util.Arrays;

/**
 * dL/dview for both views of one batch ({@code fd.view-gradients}), from the encoder's backward pass
 * before its step; the augmenter ascends the generator on it (split learning, DESIGN.md section 2).
 */
public record ViewGradient(String runId, long step, long batchId, double loss,
                           FloatTensor grad1, FloatTensor grad2, WirePrecision precision) {

    public static final int SCHEMA_VERSION = 1;

    public ViewGradient {
        if (!Arrays.equals(grad1.shape(), grad2.shape())) {
            throw new IllegalArgumentException("gradients of both views must have one shape, got "
                    + Arrays.toString(grad1.shape()) + " and " + Arrays.toString(grad2.shape()));
        }
    }
}
