package io.featuredrop.audio;

import io.featuredrop.data.DatasetFormatException;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.MultiTaskDataset;
import io.featuredrop.data.Split;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * {@code spoken-digits+noise}: spoken digits (scripts/prepare-audio.sh; test voices never heard in
 * training) each mixed with one of three backgrounds ({@link BackgroundNoise}) whose peak is
 * {@code level} times the clip's (the paper: 0.05), as 64 x 64 log-mel spectrograms in [0, 1]
 * ({@link LogMelSpectrogram#standard()}). Tasks: the digit (10) and the background (3). The
 * background of each clip is fixed by a seed (balanced over the split, independent of the digit),
 * so every process sees the same dataset; the spectrograms are computed once and cached on disk
 * beside the clips ({@code cache-<key>.bin}; the key covers the prepared data's version, the
 * spectrogram parameters, the level and the seed), or kept in memory where that folder is read-only.
 */
public final class SpokenDigitsDataset implements MultiTaskDataset {

    public static final int SAMPLE_RATE = 16_000;
    public static final int CLIP_LENGTH = SAMPLE_RATE;
    /** The paper's mixing level: the background's peak is 5% of the clip's. */
    public static final double DEFAULT_LEVEL = 0.05;
    /** Seeds which background each clip gets and its draw. */
    public static final long MIX_SEED = 2023;
    /** Names the cache format and the mixing recipe (onset, backgrounds, seeds): change it with either. */
    private static final String CACHE_FORMAT = "featuredrop spectrogram cache v2: random onset (2% of peak), backgrounds v1, seeds by split and index";

    private final DatasetInfo info;
    private final float[][] images;
    private final int[][] digits;
    private final int[][] noises;

    private SpokenDigitsDataset(DatasetInfo info, float[][] images, int[][] digits, int[][] noises) {
        this.info = info;
        this.images = images;
        this.digits = digits;
        this.noises = noises;
    }

    /** Opens the prepared data in {@code dir}, computing (and caching) the spectrograms when no cache matches. */
    public static SpokenDigitsDataset open(DatasetInfo info, Path dir, double level) throws IOException {
        if (!(level > 0 && level <= 1)) {
            throw new IllegalArgumentException("background level must be in (0, 1], was " + level);
        }
        if (info.height() != LogMelSpectrogram.STANDARD_SIZE || info.width() != LogMelSpectrogram.STANDARD_SIZE || info.channels() != 1) {
            throw new IllegalArgumentException(info.name() + " must be 1x" + LogMelSpectrogram.STANDARD_SIZE + "x" + LogMelSpectrogram.STANDARD_SIZE);
        }
        Path versionFile = dir.resolve("VERSION");
        if (!Files.isRegularFile(versionFile)) {
            throw new DatasetFormatException("spoken-digits data " + dir + " is missing; run scripts/prepare-data.sh (it calls "
                    + "scripts/prepare-audio.sh) or set featuredrop.data.dir / FEATUREDROP_DATA_DIR to a prepared data folder");
        }
        ClipSet train = ClipSet.read(dir.resolve("train.s16"), dir.resolve("train.csv"), CLIP_LENGTH);
        ClipSet test = ClipSet.read(dir.resolve("test.s16"), dir.resolve("test.csv"), CLIP_LENGTH);
        if (train.count() != info.trainSize() || test.count() != info.testSize()) {
            throw new DatasetFormatException(dir + " holds " + train.count() + " train / " + test.count() + " test clips, the registry expects "
                    + info.trainSize() + " / " + info.testSize() + " (rerun scripts/prepare-audio.sh)");
        }
        int[][] digits = {train.digits(), test.digits()};
        int[][] noises = {balancedBackgrounds(train.count(), Split.TRAIN), balancedBackgrounds(test.count(), Split.TEST)};
        String key = cacheKey(Files.readString(versionFile).trim() + "|clips=" + train.count() + "/" + test.count()
                + "|labels=" + java.util.Arrays.hashCode(noises[0]) + "/" + java.util.Arrays.hashCode(noises[1]), level);
        Path cache = dir.resolve("cache-" + key + ".bin");
        float[][] images = readCache(cache, train.count(), test.count());
        if (images == null) {
            float[] babble = ClipSet.readPcm(dir.resolve("babble.s16"));
            images = new float[][] {spectrograms(train, noises[0], Split.TRAIN, level, babble), spectrograms(test, noises[1], Split.TEST, level, babble)};
            writeCache(cache, images);
        }
        return new SpokenDigitsDataset(info, images, digits, noises);
    }

    @Override
    public DatasetInfo info() {
        return info;
    }

    @Override
    public int size(Split split) {
        return digits[split.ordinal()].length;
    }

    @Override
    public int[] item(Split split, int index, SplittableRandom random, float[] image, int offset) {
        int size = imageSize();
        System.arraycopy(images[split.ordinal()], index * size, image, offset, size);
        return new int[] {digits[split.ordinal()][index], noises[split.ordinal()][index]};
    }

    /**
     * The mixture of clip {@code index}: the spoken word moved to a random onset (anywhere it fits in
     * the second: the prepared clips all start at 0.1 s, which would let a probe read the digit off
     * fixed pixels), plus its background at {@code level} of the clip's peak. Onset and background
     * draw come from the clip's own seeded source.
     */
    static float[] mixture(ClipSet clips, int index, BackgroundNoise background, Split split, double level, float[] babble) {
        SplittableRandom random = new SplittableRandom(MIX_SEED * 1_000_003L + split.ordinal() * 100_000L + index);
        float[] clip = atRandomOnset(clips.clip(index), random.split());
        float peak = BackgroundNoise.peak(clip);
        float[] noise = background.draw(random, clip.length, SAMPLE_RATE, babble);
        float gain = (float) (level * peak);
        for (int i = 0; i < clip.length; i++) {
            clip[i] += gain * noise[i];
        }
        return clip;
    }

    /** The word (first to last sample above 2% of the peak) moved to a uniform random onset where it fits; silence elsewhere. */
    static float[] atRandomOnset(float[] clip, SplittableRandom random) {
        float peak = BackgroundNoise.peak(clip);
        int first = 0;
        while (first < clip.length && Math.abs(clip[first]) <= 0.02f * peak) {
            first++;
        }
        int last = clip.length - 1;
        while (last > first && Math.abs(clip[last]) <= 0.02f * peak) {
            last--;
        }
        if (first >= clip.length) {
            return clip; // silent: nothing to move
        }
        int length = last - first + 1;
        int onset = random.nextInt(clip.length - length + 1);
        float[] out = new float[clip.length];
        System.arraycopy(clip, first, out, onset, length);
        return out;
    }

    /** Each background equally often over the split, in an order seeded per split (so independent of the digit order). */
    static int[] balancedBackgrounds(int n, Split split) {
        int classes = BackgroundNoise.values().length;
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i % classes;
        }
        SplittableRandom random = new SplittableRandom(MIX_SEED + 31L * split.ordinal());
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    private static float[] spectrograms(ClipSet clips, int[] backgrounds, Split split, double level, float[] babble) {
        LogMelSpectrogram spectrogram = LogMelSpectrogram.standard();
        int size = spectrogram.mels() * spectrogram.frames();
        float[] out = new float[clips.count() * size];
        for (int i = 0; i < clips.count(); i++) {
            float[] image = spectrogram.image(mixture(clips, i, BackgroundNoise.values()[backgrounds[i]], split, level, babble));
            System.arraycopy(image, 0, out, i * size, size);
        }
        return out;
    }

    static String cacheKey(String dataVersion, double level) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String what = CACHE_FORMAT + "|" + dataVersion + "|" + LogMelSpectrogram.standard().describe() + "|level=" + level + "|seed=" + MIX_SEED
                    + "|" + java.util.Arrays.toString(BackgroundNoise.values());
            return HexFormat.of().formatHex(sha.digest(what.getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static float[][] readCache(Path cache, int trainCount, int testCount) throws IOException {
        if (!Files.isRegularFile(cache)) {
            return null;
        }
        int size = LogMelSpectrogram.STANDARD_SIZE * LogMelSpectrogram.STANDARD_SIZE;
        byte[] bytes = Files.readAllBytes(cache);
        if (bytes.length != 8L + 4L * size * (trainCount + testCount)) {
            return null; // a half-written or foreign file: computed again and replaced
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt() != trainCount || buf.getInt() != testCount) {
            return null;
        }
        float[] train = new float[trainCount * size];
        float[] test = new float[testCount * size];
        buf.asFloatBuffer().get(train).get(test);
        return new float[][] {train, test};
    }

    private static void writeCache(Path cache, float[][] images) {
        int size = LogMelSpectrogram.STANDARD_SIZE * LogMelSpectrogram.STANDARD_SIZE;
        ByteBuffer buf = ByteBuffer.allocate(8 + 4 * (images[0].length + images[1].length)).order(ByteOrder.LITTLE_ENDIAN);
        buf.putInt(images[0].length / size).putInt(images[1].length / size);
        buf.asFloatBuffer().put(images[0]).put(images[1]);
        Path tmp = null;
        try {
            // a unique temp file: two processes (or containers with the same pid) on one shared folder never write into each other's
            tmp = Files.createTempFile(cache.getParent(), "cache-", ".tmp");
            Files.write(tmp, buf.array());
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // a read-only data folder (an image's, a cluster's): the spectrograms stay in memory for this process
            System.err.println("featuredrop: spectrogram cache " + cache + " not written (" + e.getMessage() + "); kept in memory");
            try {
                if (tmp != null) {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException ignored) {
                // nothing more to clean
            }
        }
    }
}
