package io.featuredrop.augmenter.streaming;

import java.util.Set;

/** This replica now owns the runs of these {@code fd.view-gradients} partitions. */
public record PartitionsGained(Set<Integer> partitions) {
}
