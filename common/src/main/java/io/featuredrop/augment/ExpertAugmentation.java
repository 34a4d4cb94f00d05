package io.featuredrop.augment;

import java.util.SplittableRandom;

/**
 * Expert views on C x H x W float images in [0, 1], one image at a time, every random choice
 * taken from the given source (so a view is a pure function of image and seed). Plain Java: on
 * 28x28 and 32x32 images this is cheaper than a round trip through native tensors.
 */
public final class ExpertAugmentation implements ExpertViews {

    private final ExpertRecipe recipe;

    public ExpertAugmentation(ExpertRecipe recipe) {
        this.recipe = recipe;
    }

    public ExpertRecipe recipe() {
        return recipe;
    }

    /** Writes a view of {@code src[srcOff..]} into {@code dst[dstOff..]} (may not alias). */
    @Override
    public void apply(float[] src, int srcOff, float[] dst, int dstOff, int channels, int height, int width, SplittableRandom random) {
        int plane = height * width;
        resizedCrop(src, srcOff, dst, dstOff, channels, height, width, random);
        if (random.nextDouble() < recipe.flipProbability()) {
            for (int c = 0; c < channels; c++) {
                for (int y = 0; y < height; y++) {
                    int row = dstOff + c * plane + y * width;
                    for (int x = 0; x < width / 2; x++) {
                        float t = dst[row + x];
                        dst[row + x] = dst[row + width - 1 - x];
                        dst[row + width - 1 - x] = t;
                    }
                }
            }
        }
        if (random.nextDouble() < recipe.jitterProbability()) {
            ColourJitter.apply(dst, dstOff, channels, plane, recipe, random);
        }
        if (channels == 3 && random.nextDouble() < recipe.grayscaleProbability()) {
            ColourJitter.toGrey(dst, dstOff, plane);
        }
        if (random.nextDouble() < recipe.blurProbability()) {
            double sigma = recipe.blurSigmaMin() + (recipe.blurSigmaMax() - recipe.blurSigmaMin()) * random.nextDouble();
            GaussianBlur.apply(dst, dstOff, channels, height, width, sigma);
        }
    }

    /** torchvision's RandomResizedCrop: area in [scaleMin, scaleMax], log-uniform aspect in [3/4, 4/3], bilinear. */
    private void resizedCrop(float[] src, int srcOff, float[] dst, int dstOff, int channels, int height, int width, SplittableRandom random) {
        double area = (double) height * width;
        double cropH = height;
        double cropW = width;
        double top = 0;
        double left = 0;
        boolean found = false;
        for (int attempt = 0; attempt < 10 && !found; attempt++) {
            double target = area * (recipe.cropScaleMin() + (recipe.cropScaleMax() - recipe.cropScaleMin()) * random.nextDouble());
            double logRatio = Math.log(3.0 / 4.0) + (Math.log(4.0 / 3.0) - Math.log(3.0 / 4.0)) * random.nextDouble();
            double ratio = Math.exp(logRatio);
            int w = (int) Math.round(Math.sqrt(target * ratio));
            int h = (int) Math.round(Math.sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height) {
                cropW = w;
                cropH = h;
                top = random.nextInt(height - h + 1);
                left = random.nextInt(width - w + 1);
                found = true;
            }
        }
        int plane = height * width;
        double sy = cropH / height;
        double sx = cropW / width;
        for (int y = 0; y < height; y++) {
            double fy = Math.min(Math.max(top + (y + 0.5) * sy - 0.5, 0), height - 1);
            int y0 = (int) fy;
            int y1 = Math.min(y0 + 1, height - 1);
            float wy = (float) (fy - y0);
            for (int x = 0; x < width; x++) {
                double fx = Math.min(Math.max(left + (x + 0.5) * sx - 0.5, 0), width - 1);
                int x0 = (int) fx;
                int x1 = Math.min(x0 + 1, width - 1);
                float wx = (float) (fx - x0);
                for (int c = 0; c < channels; c++) {
                    int base = srcOff + c * plane;
                    float top0 = src[base + y0 * width + x0] * (1 - wx) + src[base + y0 * width + x1] * wx;
                    float bottom = src[base + y1 * width + x0] * (1 - wx) + src[base + y1 * width + x1] * wx;
                    dst[dstOff + c * plane + y * width + x] = top0 * (1 - wy) + bottom * wy;
                }
            }
        }
    }
}
