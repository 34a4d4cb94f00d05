package io.featuredrop.data;

import java.util.SplittableRandom;

/**
 * An MNIST digit, shrunk to about a third of the side, its black background transparent, pasted
 * opaquely in all four cells of a 2x2 grid: every pixel with ink replaces the photo's pixel at the
 * digit's own value, as the paper's {@code cifar10.py} does (no blending). The paper pastes a 10x10
 * digit at (4,4), (16,4), (4,16), (16,16) of a 32x32 image; other sizes scale those numbers. Every
 * fifth source digit is reserved for the test split, so train and test overlays never share one.
 */
public final class DigitOverlay implements Overlay {

    private static final TaskInfo TASK = new TaskInfo("digit", 10);
    private static final int TEST_EVERY = 5;

    private final ImageSet digits;
    private final int[] trainDigits;
    private final int[] testDigits;

    public DigitOverlay(ImageSet digits) {
        if (digits.channels() != 1) {
            throw new IllegalArgumentException("digits must be 1-channel, got " + digits.channels());
        }
        this.digits = digits;
        int testCount = (digits.count() + TEST_EVERY - 1) / TEST_EVERY;
        this.testDigits = new int[testCount];
        this.trainDigits = new int[digits.count() - testCount];
        int tr = 0;
        int te = 0;
        for (int i = 0; i < digits.count(); i++) {
            if (i % TEST_EVERY == 0) {
                testDigits[te++] = i;
            } else {
                trainDigits[tr++] = i;
            }
        }
    }

    @Override
    public TaskInfo task() {
        return TASK;
    }

    /** Source digit indices a split draws from (disjoint between splits). */
    public int[] sourceDigits(Split split) {
        return (split == Split.TRAIN ? trainDigits : testDigits).clone();
    }

    @Override
    public int draw(float[] image, int offset, int channels, int height, int width, Split split, SplittableRandom random) {
        int[] pool = split == Split.TRAIN ? trainDigits : testDigits;
        int source = pool[random.nextInt(pool.length)];
        int size = Math.round(Math.min(height, width) * 10f / 32f);
        float[] mask = shrink(source, size);
        float[] white = new float[channels];
        java.util.Arrays.fill(white, 1f);
        int near = Math.round(width * 4f / 32f);
        int far = Math.round(width * 16f / 32f);
        int nearY = Math.round(height * 4f / 32f);
        int farY = Math.round(height * 16f / 32f);
        for (int top : new int[] {nearY, farY}) {
            for (int left : new int[] {near, far}) {
                OverlayPaint.paste(image, offset, channels, height, width, mask, size, size, top, left, white);
            }
        }
        return digits.labels()[source];
    }

    /** Box-filter downscale of one digit to size x size, values in [0, 1]. */
    private float[] shrink(int source, int size) {
        int h = digits.height();
        int w = digits.width();
        float[] out = new float[size * size];
        for (int oy = 0; oy < size; oy++) {
            int y0 = oy * h / size;
            int y1 = Math.max(y0 + 1, (oy + 1) * h / size);
            for (int ox = 0; ox < size; ox++) {
                int x0 = ox * w / size;
                int x1 = Math.max(x0 + 1, (ox + 1) * w / size);
                float sum = 0;
                for (int y = y0; y < y1; y++) {
                    for (int x = x0; x < x1; x++) {
                        sum += digits.pixel(source, 0, y, x);
                    }
                }
                out[oy * size + ox] = sum / ((y1 - y0) * (x1 - x0));
            }
        }
        return out;
    }
}
