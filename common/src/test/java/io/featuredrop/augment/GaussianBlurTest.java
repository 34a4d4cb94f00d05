package io.featuredrop.augment;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class GaussianBlurTest {

    @Test
    void kernelReachesThreeSigmaAndMatchesTheSampledGaussian() {
        assertEquals(1, GaussianBlur.radius(0.1, 28));
        assertEquals(6, GaussianBlur.radius(2.0, 28));
        assertEquals(3, GaussianBlur.radius(2.0, 4), "capped by what reflection on a 4-pixel side allows");
        // a single bright pixel in the middle of a 29x29 image: its blur is the normalised, sampled Gaussian
        int side = 29;
        double sigma = 2.0;
        float[] img = new float[side * side];
        img[14 * side + 14] = 1f;
        GaussianBlur.apply(img, 0, 1, side, side, sigma);
        double norm = 0;
        for (int i = -6; i <= 6; i++) {
            norm += Math.exp(-i * i / (2 * sigma * sigma));
        }
        for (int d = 0; d <= 6; d++) {
            double expected = Math.exp(-d * d / (2 * sigma * sigma)) / norm * (1 / norm);
            assertEquals(expected, img[14 * side + 14 + d], 1e-6, "row offset 0, column offset " + d);
        }
        // 5 pixels away (2.5 sigma) still carries weight: a 3-tap kernel would leave 0 there
        assertTrue(img[14 * side + 19] > 1e-3);
        double sum = 0;
        for (float v : img) {
            sum += v;
        }
        assertEquals(1.0, sum, 1e-5, "blur keeps the total");
    }
}
