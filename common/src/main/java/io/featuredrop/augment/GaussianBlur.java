package io.featuredrop.augment;

/** Separable Gaussian blur with reflected borders; kernel about a tenth of the image side (SimCLR), odd, at least 3. */
final class GaussianBlur {

    private GaussianBlur() {
    }

    static void apply(float[] img, int off, int channels, int height, int width, double sigma) {
        int size = Math.max(3, (int) (Math.min(height, width) * 0.1) | 1);
        int r = size / 2;
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

    private static int reflect(int i, int n) {
        if (i < 0) {
            return -i;
        }
        return i >= n ? 2 * n - 2 - i : i;
    }
}
