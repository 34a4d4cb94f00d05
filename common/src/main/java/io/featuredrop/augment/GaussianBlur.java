package io.featuredrop.augment;

/**
 * Separable Gaussian blur with reflected borders. The kernel reaches 3 sigma on each side (99.7% of
 * the mass, as PIL's GaussianBlur that the paper's expert views use), capped so it fits the image;
 * a fixed 3-tap kernel would make every sigma above about 0.8 look the same.
 */
final class GaussianBlur {

    private GaussianBlur() {
    }

    static void apply(float[] img, int off, int channels, int height, int width, double sigma) {
        int r = radius(sigma, Math.min(height, width));
        int size = 2 * r + 1;
        float[] k = new float[size];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < size; i++) {
            k[i] /= (float) sum;
        }
        float[] tmp = new float[height * width];
        int plane = height * width;
        for (int c = 0; c < channels; c++) {
            int base = off + c * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float acc = 0;
                    for (int i = -r; i <= r; i++) {
                        acc += k[i + r] * img[base + y * width + reflect(x + i, width)];
                    }
                    tmp[y * width + x] = acc;
                }
            }
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    float acc = 0;
                    for (int i = -r; i <= r; i++) {
                        acc += k[i + r] * tmp[reflect(y + i, height) * width + x];
                    }
                    img[base + y * width + x] = acc;
                }
            }
        }
    }

    /** Kernel radius: ceil(3 sigma), at least 1, at most what reflection on the shorter side allows. */
    static int radius(double sigma, int side) {
        return Math.max(1, Math.min(side - 1, (int) Math.ceil(3 * sigma)));
    }

    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * n - 2 - i : i;
    }
}
