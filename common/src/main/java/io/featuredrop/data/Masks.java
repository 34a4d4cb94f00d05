package io.featuredrop.data;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/** Coverage masks from Java2D grey canvases (white = covered). */
final class Masks {

    private Masks() {
    }

    static float[] of(BufferedImage grey) {
        byte[] bytes = ((DataBufferByte) grey.getRaster().getDataBuffer()).getData();
        float[] mask = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            mask[i] = (bytes[i] & 0xff) / 255f;
        }
        return mask;
    }
}
