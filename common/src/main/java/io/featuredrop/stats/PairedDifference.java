package io.featuredrop.stats;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code first - second} of two groups measured on the same seeds, matched seed by seed: runs of one
 * seed share their data order, overlays and initial weights, so their difference cancels what the
 * seed alone decides and the interval of the mean difference is narrower and more honest than
 * comparing two group means. Seeds measured in only one group are left out and listed.
 *
 * @param seeds       the matched seeds, ascending
 * @param differences {@code first - second} per matched seed, in the order of {@code seeds}
 * @param interval    the mean difference with its interval; null when no seed matched
 * @param unmatched   seeds measured in only one of the groups
 */
public record PairedDifference(String first, String second, List<Long> seeds, List<Double> differences, MeanInterval interval,
                               List<Long> unmatched) {

    /** 95% interval of {@code first - second} over the seeds both groups have. */
    public static PairedDifference of(String first, Map<Long, Double> firstBySeed, String second, Map<Long, Double> secondBySeed) {
        return of(first, firstBySeed, second, secondBySeed, MeanInterval.CONFIDENCE);
    }

    public static PairedDifference of(String first, Map<Long, Double> firstBySeed, String second, Map<Long, Double> secondBySeed,
                                      double confidence) {
        TreeSet<Long> all = new TreeSet<>(firstBySeed.keySet());
        all.addAll(secondBySeed.keySet());
        List<Long> seeds = new ArrayList<>();
        List<Double> differences = new ArrayList<>();
        List<Long> unmatched = new ArrayList<>();
        for (long seed : all) {
            Double a = firstBySeed.get(seed);
            Double b = secondBySeed.get(seed);
            if (a == null || b == null) {
                unmatched.add(seed);
            } else {
                seeds.add(seed);
                differences.add(a - b);
            }
        }
        MeanInterval interval = differences.isEmpty() ? null
                : MeanInterval.of(differences.stream().mapToDouble(Double::doubleValue).toArray(), confidence);
        return new PairedDifference(first, second, List.copyOf(seeds), List.copyOf(differences), interval, List.copyOf(unmatched));
    }
}
