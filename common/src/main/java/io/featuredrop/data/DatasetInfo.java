package io.featuredrop.data;

import java.util.List;

/**
 * What the rest of the system needs to know about a dataset before loading it: image shape, split
 * sizes, downstream tasks, the Viewmaker budget the paper uses for it, the input statistics the
 * encoder normalises with, where its files come from, and its modality (photos, or spectrograms
 * of audio: the expert views differ).
 */
public record DatasetInfo(String name, int channels, int height, int width, int trainSize, int testSize,
                          List<TaskInfo> tasks, double defaultBudget, InputStatistics inputStatistics, String source, Modality modality) {

    /** What a dataset's images are; it picks the expert recipe. */
    public enum Modality {
        IMAGE, SPECTROGRAM
    }

    /** An image dataset. */
    public DatasetInfo(String name, int channels, int height, int width, int trainSize, int testSize,
                       List<TaskInfo> tasks, double defaultBudget, InputStatistics inputStatistics, String source) {
        this(name, channels, height, width, trainSize, testSize, tasks, defaultBudget, inputStatistics, source, Modality.IMAGE);
    }
}
