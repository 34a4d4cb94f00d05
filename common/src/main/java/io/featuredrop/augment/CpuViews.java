package io.featuredrop.augment;

import io.featuredrop.data.BatchSampler;
import io.featuredrop.data.ItemBatch;
import io.featuredrop.events.AugmentationMode;

/**
 * The part of a step's two views computed on the CPU before any network: both views of the clean
 * images (none, viewmaker) or two expert views (expert, viewmaker+expert; the Viewmaker then runs
 * on those). Returns 2N images: view 1 of every item, then view 2 of every item.
 */
public final class CpuViews {

    private CpuViews() {
    }

    public static float[] twoViews(ItemBatch batch, AugmentationMode mode, ExpertViews expert, BatchSampler sampler, long step) {
        int n = batch.count();
        int size = batch.imageSize();
        float[] out = new float[2 * n * size];
        boolean useExpert = mode == AugmentationMode.EXPERT || mode == AugmentationMode.VIEWMAKER_EXPERT;
        for (int view = 0; view < 2; view++) {
            for (int i = 0; i < n; i++) {
                int to = (view * n + i) * size;
                if (useExpert) {
                    expert.apply(batch.images(), i * size, out, to, batch.channels(), batch.height(), batch.width(),
                            sampler.viewRandom(step, i, view));
                } else {
                    System.arraycopy(batch.images(), i * size, out, to, size);
                }
            }
        }
        return out;
    }
}
