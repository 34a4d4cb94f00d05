package io.featuredrop.theory;

/**
 * NT-Xent of a linear encoder z = W x on plain arrays, with its exact gradient in W: the paper form
 * of {@link io.featuredrop.loss.NtXentLoss} (anchors are the first views; every anchor's softmax runs
 * over all 2N embeddings, itself included; minus log 2N). Derivation in docs/THEORY.md.
 */
public final class NtXentLinear {

    /** Loss and dL/dW (same shape as W). */
    public record Value(double loss, double[][] gradient) {
    }

    private NtXentLinear() {
    }

    /**
     * @param w      k x D encoder
     * @param views1 N x D first views (anchors)
     * @param views2 N x D second views (row i is the partner of views1 row i)
     */
    public static Value evaluate(double[][] w, double[][] views1, double[][] views2, double temperature) {
        int n = views1.length;
        int k = w.length;
        int d = w[0].length;
        int m = 2 * n;
        double[][] x = new double[m][];
        for (int i = 0; i < n; i++) {
            x[i] = views1[i];
            x[n + i] = views2[i];
        }
        double[][] u = new double[m][k];
        double[] norm = new double[m];
        for (int r = 0; r < m; r++) {
            double s = 0;
            for (int o = 0; o < k; o++) {
                double z = 0;
                double[] wo = w[o];
                double[] xr = x[r];
                for (int j = 0; j < d; j++) {
                    z += wo[j] * xr[j];
                }
                u[r][o] = z;
                s += z * z;
            }
            norm[r] = Math.max(Math.sqrt(s), 1e-12);
            for (int o = 0; o < k; o++) {
                u[r][o] /= norm[r];
            }
        }
        double loss = 0;
        double[][] gu = new double[m][k];
        double[] row = new double[m];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < m; j++) {
                row[j] = dot(u[i], u[j]) / temperature;
                max = Math.max(max, row[j]);
            }
            double sum = 0;
            for (int j = 0; j < m; j++) {
                sum += Math.exp(row[j] - max);
            }
            double lse = max + Math.log(sum);
            loss += lse - row[n + i];
            for (int j = 0; j < m; j++) {
                double g = (Math.exp(row[j] - lse) - (j == n + i ? 1 : 0)) / n / temperature;
                for (int o = 0; o < k; o++) {
                    gu[j][o] += g * u[i][o];
                    gu[i][o] += g * u[j][o];
                }
            }
        }
        loss = loss / n - Math.log(m);
        double[][] gw = new double[k][d];
        double[] gz = new double[k];
        for (int r = 0; r < m; r++) {
            double along = dot(u[r], gu[r]);
            for (int o = 0; o < k; o++) {
                gz[o] = (gu[r][o] - u[r][o] * along) / norm[r];
            }
            double[] xr = x[r];
            for (int o = 0; o < k; o++) {
                double g = gz[o];
                double[] gwo = gw[o];
                for (int j = 0; j < d; j++) {
                    gwo[j] += g * xr[j];
                }
            }
        }
        return new Value(loss, gw);
    }

    static double dot(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) {
            s += p[i] * q[i];
        }
        return s;
    }
}
