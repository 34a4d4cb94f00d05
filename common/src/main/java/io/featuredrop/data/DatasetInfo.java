package io.featuredrop.data;

import java.util.List;

/**
 * What the rest of the system needs to know about a dataset before loading it: image shape, split
 * sizes, downstream tasks, the Viewmaker budget the paper uses for it, the input statistics the
 * encoder normalises with, and where its files come from.
 */
public record DatasetInfo(String name, int channels, int height, int width, int trainSize, int testSize,
                          List<TaskInfo> tasks, double defaultBudget, InputStatistics inputStatistics, String source) {
}
