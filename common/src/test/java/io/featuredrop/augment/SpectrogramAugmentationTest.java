package io.featuredrop.augment;

import io.featuredrop.data.DatasetRegistry;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spectrogram views: pure functions of the seed, in [0, 1], masks are silent rows and columns, nothing asked is identity. */
@Tag("fast")
class SpectrogramAugmentationTest {

    static final int F = 64;
    static final int T = 64;

    @Test
    void spectrogramDatasetsGetSpectrogramViewsAndPhotosTheSimclrRecipe() {
        assertInstanceOf(SpectrogramAugmentation.class, ExpertViews.forDataset(DatasetRegistry.find("spoken-digits+noise").orElseThrow()));
        assertInstanceOf(ExpertAugmentation.class, ExpertViews.forDataset(DatasetRegistry.find("fashion-mnist+mnist").orElseThrow()));
    }

    @Test
    void masksSilenceWholeRowsAndColumnsAndViewsRepeatPerSeed() {
        float[] src = new float[F * T];
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < src.length; i++) {
            src[i] = 0.2f + 0.6f * (float) r.nextDouble(); // never 0: a 0 in the view is a mask
        }
        SpectrogramAugmentation masksOnly = new SpectrogramAugmentation(new SpectrogramRecipe(0, 1, 2, 10, 2, 8, 0, 0));
        int withRowMask = 0;
        int withColumnMask = 0;
        for (long seed = 0; seed < 40; seed++) {
            float[] a = new float[F * T];
            float[] b = new float[F * T];
            masksOnly.apply(src, 0, a, 0, 1, F, T, new SplittableRandom(seed));
            masksOnly.apply(src, 0, b, 0, 1, F, T, new SplittableRandom(seed));
            assertArrayEquals(a, b, "a view is a pure function of its seed");
            for (int i = 0; i < a.length; i++) {
                assertTrue(a[i] == 0f || a[i] == src[i], "a value is either masked or untouched (no crop, no noise)");
            }
            boolean row = false;
            for (int y = 0; y < F; y++) {
                boolean all = true;
                for (int t = 0; t < T; t++) {
                    all &= a[y * T + t] == 0f;
                }
                row |= all;
            }
            boolean column = false;
            for (int t = 0; t < T; t++) {
                boolean all = true;
                for (int y = 0; y < F; y++) {
                    all &= a[y * T + t] == 0f;
                }
                column |= all;
            }
            withRowMask += row ? 1 : 0;
            withColumnMask += column ? 1 : 0;
        }
        assertTrue(withRowMask > 20 && withColumnMask > 20, "masks appear in most views: " + withRowMask + " / " + withColumnMask);
    }

    @Test
    void nothingAskedIsTheIdentityAndTheFullRecipeStaysInRange() {
        float[] src = new float[F * T];
        for (int i = 0; i < src.length; i++) {
            src[i] = (i % 97) / 96f;
        }
        float[] out = new float[F * T];
        new SpectrogramAugmentation(new SpectrogramRecipe(0, 1, 0, 0, 0, 0, 0, 0)).apply(src, 0, out, 0, 1, F, T, new SplittableRandom(3));
        assertArrayEquals(src, out, 1e-6f);
        SpectrogramAugmentation full = new SpectrogramAugmentation(SpectrogramRecipe.viewmakerPaper());
        int changed = 0;
        for (long seed = 0; seed < 20; seed++) {
            full.apply(src, 0, out, 0, 1, F, T, new SplittableRandom(seed));
            for (float v : out) {
                assertTrue(v >= 0 && v <= 1);
            }
            double diff = 0;
            for (int i = 0; i < out.length; i++) {
                diff += Math.abs(out[i] - src[i]);
            }
            changed += diff > 1 ? 1 : 0;
        }
        assertEquals(20, changed, "every full-recipe view changes the spectrogram");
    }
}
