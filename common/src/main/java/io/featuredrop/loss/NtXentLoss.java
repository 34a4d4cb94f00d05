package io.featuredrop.loss;

import io.featuredrop.model.OwnedArrays;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;

/**
 * The SimCLR contrastive loss on two batches of embeddings (view 1, view 2; row i of each is the
 * same image). Embeddings are L2-normalised and compared by dot product over a temperature.
 * Labels are not used: {@code evaluate(ignored, new NDList(z1, z2))}.
 */
public final class NtXentLoss extends Loss {

    private final double temperature;
    private final NtXentForm form;

    public NtXentLoss(double temperature, NtXentForm form) {
        super("nt-xent-" + form.wireName());
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0, got " + temperature);
        }
        this.temperature = temperature;
        this.form = form;
    }

    public double temperature() {
        return temperature;
    }

    public NtXentForm form() {
        return form;
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return compute(predictions.get(0), predictions.get(1));
    }

    /** Scalar loss of view-1 embeddings {@code z1} and view-2 embeddings {@code z2} (both N x d). */
    public NDArray compute(NDArray z1, NDArray z2) {
        long n = z1.getShape().get(0);
        NDArray a = normalise(z1);
        NDArray b = normalise(z2);
        NDArray all = a.concat(b, 0);
        NDManager m = z1.getManager();
        float scale = (float) (1.0 / temperature);
        if (form == NtXentForm.PAPER) {
            NDArray logProb = OwnedArrays.mul(a.matMul(all.transpose()), scale).logSoftmax(1);
            NDArray pick = positiveMask(m, n, false);
            return OwnedArrays.sub(OwnedArrays.div(logProb.mul(pick).sum(), -n), (float) Math.log(2.0 * n));
        }
        NDArray selfMask = OwnedArrays.mul(m.eye((int) (2 * n)), 1e9f);
        NDArray logProb = OwnedArrays.mul(all.matMul(all.transpose()), scale).sub(selfMask).logSoftmax(1);
        return OwnedArrays.div(logProb.mul(positiveMask(m, n, true)).sum(), -2 * n);
    }

    /**
     * One-hot rows marking each anchor's positive: for the paper form N x 2N with (i, N+i); for the
     * symmetric form 2N x 2N with (i, N+i) and (N+i, i).
     */
    private static NDArray positiveMask(NDManager m, long n, boolean symmetric) {
        int rows = (int) (symmetric ? 2 * n : n);
        float[] mask = new float[rows * (int) (2 * n)];
        for (int i = 0; i < rows; i++) {
            int positive = (int) ((i + n) % (2 * n));
            mask[i * (int) (2 * n) + positive] = 1f;
        }
        return OwnedArrays.of(m, mask, new ai.djl.ndarray.types.Shape(rows, 2 * n));
    }

    private static NDArray normalise(NDArray z) {
        NDArray x = z.getDataType() == DataType.FLOAT32 ? z : z.toType(DataType.FLOAT32, false);
        return x.div(OwnedArrays.maximum(x.norm(new int[] {1}, true), 1e-12f));
    }
}
