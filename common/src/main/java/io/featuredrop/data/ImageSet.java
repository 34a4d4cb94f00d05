package io.featuredrop.data;

/**
 * Images as unsigned bytes, NCHW order (channel planes of each image one after another), with one
 * label per image (the base task: garment class, CIFAR class).
 */
public record ImageSet(int count, int channels, int height, int width, byte[] pixels, int[] labels) {

    public ImageSet {
        long expected = (long) count * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(count + " images of " + channels + "x" + height + "x" + width
                    + " need " + expected + " bytes, got " + pixels.length);
        }
        if (labels.length != count) {
            throw new IllegalArgumentException(count + " images but " + labels.length + " labels");
        }
    }

    /** Pixel value in [0, 1]. */
    public float pixel(int image, int channel, int y, int x) {
        return (pixels[((image * channels + channel) * height + y) * width + x] & 0xff) / 255f;
    }
}
