package io.featuredrop.theory;

/**
 * How well a latent group can be read from the embedding z = W x: a ridge regression (with bias)
 * fitted on one sample and scored on another, as R^2 of the group's latents and as accuracy of the
 * group's classification task (least squares on one-hot labels, argmax).
 */
public final class LinearReadout {

    private static final double RIDGE = 1e-6;

    private LinearReadout() {
    }

    /** Mean R^2 over the target's columns on the test sample (1: perfectly recovered, 0: no better than the mean). */
    public static double rSquared(double[][] zTrain, double[][] yTrain, double[][] zTest, double[][] yTest) {
        double[][] beta = fit(zTrain, yTrain);
        int t = yTest[0].length;
        double total = 0;
        for (int c = 0; c < t; c++) {
            double mean = 0;
            for (double[] y : yTest) {
                mean += y[c];
            }
            mean /= yTest.length;
            double sse = 0;
            double sst = 0;
            for (int i = 0; i < zTest.length; i++) {
                double e = yTest[i][c] - predict(beta, zTest[i], c);
                sse += e * e;
                sst += (yTest[i][c] - mean) * (yTest[i][c] - mean);
            }
            total += sst == 0 ? 0 : 1 - sse / sst;
        }
        return total / t;
    }

    /** Accuracy of the least-squares classifier on the test sample. */
    public static double accuracy(double[][] zTrain, int[] labelsTrain, double[][] zTest, int[] labelsTest, int classes) {
        double[][] oneHot = new double[labelsTrain.length][classes];
        for (int i = 0; i < labelsTrain.length; i++) {
            oneHot[i][labelsTrain[i]] = 1;
        }
        double[][] beta = fit(zTrain, oneHot);
        int right = 0;
        for (int i = 0; i < zTest.length; i++) {
            int best = 0;
            for (int c = 1; c < classes; c++) {
                if (predict(beta, zTest[i], c) > predict(beta, zTest[i], best)) {
                    best = c;
                }
            }
            right += best == labelsTest[i] ? 1 : 0;
        }
        return right / (double) zTest.length;
    }

    /** beta ((k+1) x t): least squares of y on [z, 1] with a tiny ridge. */
    static double[][] fit(double[][] z, double[][] y) {
        int k = z[0].length + 1;
        int t = y[0].length;
        double[][] a = new double[k][k];
        double[][] rhs = new double[k][t];
        double[] f = new double[k];
        for (int i = 0; i < z.length; i++) {
            System.arraycopy(z[i], 0, f, 0, k - 1);
            f[k - 1] = 1;
            for (int p = 0; p < k; p++) {
                for (int q = 0; q < k; q++) {
                    a[p][q] += f[p] * f[q];
                }
                for (int c = 0; c < t; c++) {
                    rhs[p][c] += f[p] * y[i][c];
                }
            }
        }
        double scale = 0;
        for (int p = 0; p < k; p++) {
            scale = Math.max(scale, a[p][p]);
        }
        for (int p = 0; p < k; p++) {
            a[p][p] += RIDGE * Math.max(scale, 1e-12);
        }
        return solve(a, rhs);
    }

    private static double predict(double[][] beta, double[] z, int c) {
        double s = beta[z.length][c];
        for (int p = 0; p < z.length; p++) {
            s += beta[p][c] * z[p];
        }
        return s;
    }

    /** Gaussian elimination with partial pivoting (the systems are (k+1) x (k+1), k <= a few dozen). */
    private static double[][] solve(double[][] a, double[][] b) {
        int n = a.length;
        int t = b[0].length;
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                    pivot = r;
                }
            }
            double[] tmp = a[col];
            a[col] = a[pivot];
            a[pivot] = tmp;
            tmp = b[col];
            b[col] = b[pivot];
            b[pivot] = tmp;
            for (int r = col + 1; r < n; r++) {
                double factor = a[r][col] / a[col][col];
                for (int c = col; c < n; c++) {
                    a[r][c] -= factor * a[col][c];
                }
                for (int c = 0; c < t; c++) {
                    b[r][c] -= factor * b[col][c];
                }
            }
        }
        double[][] x = new double[n][t];
        for (int r = n - 1; r >= 0; r--) {
            for (int c = 0; c < t; c++) {
                double s = b[r][c];
                for (int q = r + 1; q < n; q++) {
                    s -= a[r][q] * x[q][c];
                }
                x[r][c] = s / a[r][r];
            }
        }
        return x;
    }
}
