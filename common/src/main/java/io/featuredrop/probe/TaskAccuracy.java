package io.featuredrop.probe;

/**
 * One task's probe outcome.
 *
 * @param accuracy        top-1 accuracy of the linear probe on clean test images
 * @param labelRetention  share of test views whose label the clean-trained probe still reads
 *                        (label-destruction diagnostic; NaN when not measured)
 * @param chance          1 / classes, for reading the numbers
 */
public record TaskAccuracy(String task, int classes, double accuracy, double labelRetention, double chance) {
}
