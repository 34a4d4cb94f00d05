package io.featuredrop.data;

/** The standard train / test split of a dataset; overlays of the two use disjoint source images. */
public enum Split {
    TRAIN, TEST
}
