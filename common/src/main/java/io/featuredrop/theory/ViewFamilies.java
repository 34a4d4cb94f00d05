package io.featuredrop.theory;

import java.util.List;
import java.util.SplittableRandom;

/** The view families of the theory (issue 7): (a) label-preserving, (b) fixed dropout, (c) adversarial dropout, (d) budgeted adversarial. */
public final class ViewFamilies {

    private ViewFamilies() {
    }

    /** (a) Both groups kept; only the noise differs between views. */
    public static ViewFamily labelPreserving() {
        return new ViewFamily() {
            public String name() {
                return "label-preserving";
            }

            public Treatment[] treat(double[] signal, SplittableRandom random) {
                return new Treatment[] {Treatment.KEEP, Treatment.KEEP};
            }
        };
    }

    /** (b) Group {@code target} (0 or 1), or either one at random ({@code target} = -1), resampled with probability {@code p}. */
    public static ViewFamily fixedDropout(int target, double p) {
        checkP(p);
        return new ViewFamily() {
            public String name() {
                return "dropout-" + (target < 0 ? "either" : "group" + (target + 1)) + " p=" + p;
            }

            public Treatment[] treat(double[] signal, SplittableRandom random) {
                return drop(target < 0 ? random.nextInt(2) : target, p, random, Treatment.RESAMPLE);
            }
        };
    }

    /** (c) Each view resamples, with probability {@code p}, the group the encoder currently carries most signal from. */
    public static ViewFamily adversarialDropout(double p) {
        checkP(p);
        return new ViewFamily() {
            public String name() {
                return "adversarial p=" + p;
            }

            public Treatment[] treat(double[] signal, SplittableRandom random) {
                return drop(dominant(signal), p, random, Treatment.RESAMPLE);
            }
        };
    }

    /** (d) Like (c), but the dominant group is perturbed (mixed with fresh latents by {@code budget}) instead of resampled. */
    public static ViewFamily budgetedAdversarial(double p, double budget) {
        checkP(p);
        if (!(budget > 0 && budget <= 1)) {
            throw new IllegalArgumentException("budget must be in (0, 1], was " + budget);
        }
        return new ViewFamily() {
            public String name() {
                return "budgeted p=" + p + " rho=" + budget;
            }

            public Treatment[] treat(double[] signal, SplittableRandom random) {
                return drop(dominant(signal), p, random, Treatment.PERTURB);
            }

            public double perturbation() {
                return budget;
            }
        };
    }

    /** The families the default comparison runs, at dropout probability {@code p}. */
    public static List<ViewFamily> standard(double p) {
        return List.of(labelPreserving(), fixedDropout(0, p), fixedDropout(-1, p), adversarialDropout(p), budgetedAdversarial(p, 0.9));
    }

    static int dominant(double[] signal) {
        return signal[0] >= signal[1] ? 0 : 1;
    }

    /** With probability p the view applies {@code how} to group {@code target}; the other group is kept. */
    private static ViewFamily.Treatment[] drop(int target, double p, SplittableRandom random, ViewFamily.Treatment how) {
        ViewFamily.Treatment[] t = {ViewFamily.Treatment.KEEP, ViewFamily.Treatment.KEEP};
        if (random.nextDouble() < p) {
            t[target] = how;
        }
        return t;
    }

    private static void checkP(double p) {
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], was " + p);
        }
    }
}
