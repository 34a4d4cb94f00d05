package io.featuredrop.augment;

import java.util.SplittableRandom;

/** torchvision-style colour jitter (random order of brightness, contrast, saturation, hue), in place. */
final class ColourJitter {

    private ColourJitter() {
    }

    static void apply(float[] img, int off, int channels, int plane, ExpertRecipe recipe, SplittableRandom random) {
        int[] order = {0, 1, 2, 3};
        for (int i = 3; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        for (int op : order) {
            switch (op) {
                case 0 -> scale(img, off, channels * plane, factor(recipe.brightness(), random));
                case 1 -> contrast(img, off, channels, plane, factor(recipe.contrast(), random));
                case 2 -> {
                    double s = factor(recipe.saturation(), random);
                    if (channels == 3) {
                        saturation(img, off, plane, s);
                    }
                }
                default -> {
                    double h = (2 * random.nextDouble() - 1) * recipe.hue();
                    if (channels == 3) {
                        hue(img, off, plane, h);
                    }
                }
            }
        }
    }

    private static double factor(double strength, SplittableRandom random) {
        return Math.max(0, 1 - strength + 2 * strength * random.nextDouble());
    }

    private static void scale(float[] img, int off, int n, double f) {
        for (int i = 0; i < n; i++) {
            img[off + i] = clamp(img[off + i] * f);
        }
    }

    private static void contrast(float[] img, int off, int channels, int plane, double f) {
        double mean = 0;
        for (int i = 0; i < plane; i++) {
            mean += channels == 3 ? grey(img, off, plane, i) : img[off + i];
        }
        mean /= plane;
        for (int i = 0; i < channels * plane; i++) {
            img[off + i] = clamp(mean + (img[off + i] - mean) * f);
        }
    }

    private static void saturation(float[] img, int off, int plane, double f) {
        for (int i = 0; i < plane; i++) {
            double g = grey(img, off, plane, i);
            for (int c = 0; c < 3; c++) {
                int k = off + c * plane + i;
                img[k] = clamp(g + (img[k] - g) * f);
            }
        }
    }

    /** Rotates hue by {@code shift} turns through HSV. */
    private static void hue(float[] img, int off, int plane, double shift) {
        float[] hsv = new float[3];
        for (int i = 0; i < plane; i++) {
            java.awt.Color.RGBtoHSB(Math.round(img[off + i] * 255), Math.round(img[off + plane + i] * 255),
                    Math.round(img[off + 2 * plane + i] * 255), hsv);
            int rgb = java.awt.Color.HSBtoRGB((float) (hsv[0] + shift), hsv[1], hsv[2]);
            img[off + i] = ((rgb >> 16) & 0xff) / 255f;
            img[off + plane + i] = ((rgb >> 8) & 0xff) / 255f;
            img[off + 2 * plane + i] = (rgb & 0xff) / 255f;
        }
    }

    static void toGrey(float[] img, int off, int plane) {
        for (int i = 0; i < plane; i++) {
            float g = (float) grey(img, off, plane, i);
            img[off + i] = g;
            img[off + plane + i] = g;
            img[off + 2 * plane + i] = g;
        }
    }

    private static double grey(float[] img, int off, int plane, int i) {
        return 0.299 * img[off + i] + 0.587 * img[off + plane + i] + 0.114 * img[off + 2 * plane + i];
    }

    private static float clamp(double v) {
        return (float) Math.min(1, Math.max(0, v));
    }
}
