package io.featuredrop.augment;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class ExpertAugmentationTest {

    private final ExpertAugmentation expert = new ExpertAugmentation(ExpertRecipe.simclr());

    @Test
    void viewsKeepShapeAndRangeAndAreDeterministicUnderASeed() {
        for (int channels : new int[] {1, 3}) {
            int side = channels == 1 ? 28 : 32;
            float[] image = randomImage(channels, side, 5);
            float[] a = new float[image.length];
            float[] b = new float[image.length];
            float[] c = new float[image.length];
            for (int seed = 0; seed < 50; seed++) {
                expert.apply(image, 0, a, 0, channels, side, side, new SplittableRandom(seed));
                expert.apply(image, 0, b, 0, channels, side, side, new SplittableRandom(seed));
                assertArrayEquals(a, b, "same seed, same view");
                for (float v : a) {
                    assertTrue(v >= 0f && v <= 1f, "value " + v + " outside [0, 1]");
                }
                expert.apply(image, 0, c, 0, channels, side, side, new SplittableRandom(seed + 1000));
                assertFalse(java.util.Arrays.equals(a, c), "different seeds should give different views");
            }
        }
    }

    @Test
    void fullCropWithNothingElseIsTheIdentity() {
        ExpertAugmentation identity = new ExpertAugmentation(new ExpertRecipe(1.0, 1.0, 0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.1));
        float[] image = randomImage(3, 8, 1);
        float[] out = new float[image.length];
        // at scale 1 on 8x8 the only crop that fits after rounding is 8x8 (and the fallback is the whole image)
        identity.apply(image, 0, out, 0, 3, 8, 8, new SplittableRandom(4));
        assertArrayEquals(image, out, 1e-6f);
    }

    @Test
    void flipAloneMirrorsRows() {
        ExpertAugmentation flip = new ExpertAugmentation(new ExpertRecipe(1.0, 1.0, 1.0, 0, 0, 0, 0, 0, 0, 0, 0.1, 0.1));
        float[] image = randomImage(1, 4, 2);
        float[] out = new float[16];
        flip.apply(image, 0, out, 0, 1, 4, 4, new SplittableRandom(9));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                assertEquals(image[y * 4 + 3 - x], out[y * 4 + x], 1e-6f);
            }
        }
    }

    private static float[] randomImage(int channels, int side, long seed) {
        Random r = new Random(seed);
        float[] image = new float[channels * side * side];
        for (int i = 0; i < image.length; i++) {
            image[i] = r.nextFloat();
        }
        return image;
    }
}
