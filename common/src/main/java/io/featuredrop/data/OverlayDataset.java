package io.featuredrop.data;

import java.util.List;
import java.util.SplittableRandom;

/** Base photos (task 1: their class) with an {@link Overlay} feature drawn fresh on every access (task 2). */
public final class OverlayDataset implements MultiTaskDataset {

    private final DatasetInfo info;
    private final ImageSet train;
    private final ImageSet test;
    private final Overlay overlay;

    public OverlayDataset(DatasetInfo info, ImageSet train, ImageSet test, Overlay overlay) {
        requireShape(info, train, test);
        this.info = info;
        this.train = train;
        this.test = test;
        this.overlay = overlay;
    }

    /** Both splits' images have the registered shape. */
    static void requireShape(DatasetInfo info, ImageSet train, ImageSet test) {
        for (ImageSet set : List.of(train, test)) {
            if (set.channels() != info.channels() || set.height() != info.height() || set.width() != info.width()) {
                throw new IllegalArgumentException(info.name() + ": base images are " + set.channels() + "x" + set.height()
                        + "x" + set.width() + ", expected " + info.channels() + "x" + info.height() + "x" + info.width());
            }
        }
    }

    /** Copies photo {@code index} of {@code base} into {@code image} as floats in [0, 1]; returns its class. */
    static int copyPhoto(DatasetInfo info, ImageSet base, int index, Split split, float[] image, int offset) {
        if (index < 0 || index >= base.count()) {
            throw new IndexOutOfBoundsException(info.name() + " " + split + ": item " + index + " of " + base.count());
        }
        int n = info.channels() * info.height() * info.width();
        byte[] pixels = base.pixels();
        int from = index * n;
        for (int i = 0; i < n; i++) {
            image[offset + i] = (pixels[from + i] & 0xff) / 255f;
        }
        return base.labels()[index];
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public int size(Split split) {
        return base(split).count();
    }

    @Override
    public int[] item(Split split, int index, SplittableRandom random, float[] image, int offset) {
        int photoClass = copyPhoto(info, base(split), index, split, image, offset);
        int feature = overlay.draw(image, offset, info.channels(), info.height(), info.width(), split, random);
        return new int[] {photoClass, feature};
    }

    public Overlay overlay() {
        return overlay;
    }

    private ImageSet base(Split split) {
        return split == Split.TRAIN ? train : test;
    }
}
