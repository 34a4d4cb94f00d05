/**
 * Statistics a reviewer accepts, for a handful of seeds: the mean with its Student's t confidence
 * interval ({@link io.featuredrop.stats.MeanInterval}), the difference of two groups matched by seed
 * ({@link io.featuredrop.stats.PairedDifference}) and what it says in words
 * ({@link io.featuredrop.stats.Verdict}). Pure Java, no tensors: the demo, the report and the
 * evaluator's dashboard API all call these, so there is one implementation.
 */
package io.featuredrop.stats;
