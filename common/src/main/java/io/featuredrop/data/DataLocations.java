package io.featuredrop.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Where the prepared data lives: system property {@code featuredrop.data.dir}, else environment
 * {@code FEATUREDROP_DATA_DIR}, else {@code ./data}. CIFAR-10 binaries: {@code featuredrop.cifar.dir}
 * / {@code FEATUREDROP_CIFAR_DIR}, else {@code <data>/cifar-10-batches-bin}.
 */
public record DataLocations(Path dataDir, Path cifarDir) {

    public static DataLocations fromEnvironment() {
        Path data = Path.of(setting("featuredrop.data.dir", "FEATUREDROP_DATA_DIR", "data"));
        String cifar = setting("featuredrop.cifar.dir", "FEATUREDROP_CIFAR_DIR", null);
        return new DataLocations(data, cifar == null ? data.resolve("cifar-10-batches-bin") : Path.of(cifar));
    }

    /** System property {@code property}, else environment {@code env}, else {@code fallback} (blank counts as unset). */
    public static String setting(String property, String env, String fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            value = System.getenv(env);
        }
        return value == null || value.isBlank() ? fallback : value;
    }

    public Path fashionMnist() {
        return dataDir.resolve("fashion-mnist");
    }

    public Path mnistImages() {
        return dataDir.resolve("mnist/digits-images-idx3-ubyte");
    }

    public Path mnistLabels() {
        return dataDir.resolve("mnist/digits-labels-idx1-ubyte");
    }

    /** A Fashion-MNIST file, gzipped or not, e.g. {@code train-images-idx3-ubyte}. */
    public Path fashionFile(String stem) throws DatasetFormatException {
        for (Path candidate : List.of(fashionMnist().resolve(stem), fashionMnist().resolve(stem + ".gz"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw missing("Fashion-MNIST file " + fashionMnist().resolve(stem) + "(.gz)");
    }

    public List<Path> cifarTrainFiles() {
        return IntStream.rangeClosed(1, 5).mapToObj(i -> cifarDir.resolve("data_batch_" + i + ".bin")).toList();
    }

    public Path cifarTestFile() {
        return cifarDir.resolve("test_batch.bin");
    }

    static DatasetFormatException missing(String what) {
        return new DatasetFormatException(what + " is missing; run scripts/prepare-data.sh (or set featuredrop.data.dir /"
                + " FEATUREDROP_DATA_DIR to a prepared data folder)");
    }
}
