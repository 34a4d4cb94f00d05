package io.featuredrop.data;

/** One downstream task of a multi-task dataset: a label per item with this many classes. */
public record TaskInfo(String name, int numClasses) {
}
