package io.featuredrop.theory;

import java.util.SplittableRandom;

/**
 * How the two views of a sample are made from its latents: each view keeps a group, resamples it
 * (feature dropout: the view no longer shares it with its partner) or perturbs it. Noise is always
 * drawn fresh per view. One class per family; {@link ViewFamilies} names them.
 */
public interface ViewFamily {

    /** What a view does to a group. */
    enum Treatment { KEEP, RESAMPLE, PERTURB }

    String name();

    /**
     * The treatments of groups 0 and 1 in one view; {@code signal[g]} is the encoder's current
     * signal from group g (a_g^2 * ||W_g||_F^2), which adversarial families read.
     */
    Treatment[] treat(double[] signal, SplittableRandom random);

    /** Mixing weight of fresh latents for {@link Treatment#PERTURB} (0 keeps, 1 resamples). */
    default double perturbation() {
        return 0;
    }
}
