package io.featuredrop.data;

import java.util.SplittableRandom;

/** Painting a mask onto a C x H x W float image: alpha blending or opaque pasting; shared by the overlays. */
final class OverlayPaint {

    private OverlayPaint() {
    }

    /**
     * out = (1 - alpha * m) * image + alpha * m * colour[c], for the mask cell (my, mx) placed at
     * (top, left); mask values outside the image are clipped.
     */
    static void blend(float[] image, int offset, int channels, int height, int width,
                      float[] mask, int maskHeight, int maskWidth, int top, int left, float alpha, float[] colour) {
        paint(image, offset, channels, height, width, mask, maskHeight, maskWidth, top, left, alpha, colour, false);
    }

    /**
     * Opaque paste, as the paper's digit overlay: wherever the mask has ink (m > 0) the image's
     * pixel is replaced by m * colour[c]; where it has none the image shows through. Nothing is
     * blended, so the pasted pixels carry no trace of the photo below.
     */
    static void paste(float[] image, int offset, int channels, int height, int width,
                      float[] mask, int maskHeight, int maskWidth, int top, int left, float[] colour) {
        paint(image, offset, channels, height, width, mask, maskHeight, maskWidth, top, left, 1f, colour, true);
    }

    private static void paint(float[] image, int offset, int channels, int height, int width, float[] mask,
                              int maskHeight, int maskWidth, int top, int left, float alpha, float[] colour, boolean opaque) {
        for (int my = 0; my < maskHeight; my++) {
            int y = top + my;
            if (y < 0 || y >= height) {
                continue;
            }
            for (int mx = 0; mx < maskWidth; mx++) {
                int x = left + mx;
                float m = mask[my * maskWidth + mx];
                if (x < 0 || x >= width || m <= 0f) {
                    continue;
                }
                float a = alpha * m;
                for (int c = 0; c < channels; c++) {
                    int i = offset + (c * height + y) * width + x;
                    image[i] = opaque ? m * colour[c] : (1f - a) * image[i] + a * colour[c];
                }
            }
        }
    }

    /** A random grey level (1 channel) or colour (3 channels), kept away from black so it shows. */
    static float[] randomColour(int channels, SplittableRandom random) {
        float[] colour = new float[channels];
        if (channels == 1) {
            colour[0] = 0.3f + 0.7f * (float) random.nextDouble();
        } else {
            for (int c = 0; c < channels; c++) {
                colour[c] = (float) random.nextDouble();
            }
        }
        return colour;
    }
}
