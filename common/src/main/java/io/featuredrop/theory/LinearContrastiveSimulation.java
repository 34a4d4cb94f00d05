package io.featuredrop.theory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains the linear encoder of {@link TheoryConfig} with one {@link ViewFamily} and records, every
 * {@code logEvery} steps, what it has learned of each latent group: the weight norm on the group,
 * the signal it carries (a_g^2 ||W_g||^2), and how well the group is read from z on held-out samples
 * (R^2 of the latents, accuracy of the group's task). A pure function of the config (seeded).
 */
public final class LinearContrastiveSimulation {

    /** What the encoder knows of the two groups at one step. */
    public record Snapshot(int step, double loss, double[] weightNorm, double[] signal, double[] rSquared, double[] accuracy) {
    }

    /** A whole run: the family's name and its snapshots (the last one is the final state). */
    public record Trajectory(String family, TheoryConfig config, List<Snapshot> snapshots) {
        public Snapshot last() {
            return snapshots.get(snapshots.size() - 1);
        }
    }

    private static final int READOUT_SAMPLES = 2000;

    private LinearContrastiveSimulation() {
    }

    public static Trajectory run(TheoryConfig config, ViewFamily family) {
        LatentData data = new LatentData(config);
        SplittableRandom init = new SplittableRandom(config.seed());
        int d = config.inputDim();
        double[][] w = new double[config.width()][d];
        double std = config.initScale() / Math.sqrt(d);
        for (double[] row : w) {
            for (int j = 0; j < d; j++) {
                row[j] = std * init.nextGaussian();
            }
        }
        SplittableRandom heldOut = new SplittableRandom(config.seed() + 7919);
        LatentData.Sample train = data.sample(READOUT_SAMPLES, heldOut);
        LatentData.Sample test = data.sample(READOUT_SAMPLES, heldOut);
        SplittableRandom stream = new SplittableRandom(config.seed() + 104729);
        List<Snapshot> snapshots = new ArrayList<>();
        double loss = Double.NaN;
        for (int step = 0; step <= config.steps(); step++) {
            if (step % config.logEvery() == 0 || step == config.steps()) {
                snapshots.add(measure(step, loss, w, config, train, test));
            }
            if (step == config.steps()) {
                break;
            }
            double[] signal = signal(w, config);
            double[][] v1 = new double[config.batch()][];
            double[][] v2 = new double[config.batch()][];
            for (int i = 0; i < config.batch(); i++) {
                double[] s1 = LatentData.gaussian(stream, config.d1());
                double[] s2 = LatentData.gaussian(stream, config.d2());
                v1[i] = view(data, family, s1, s2, signal, stream);
                v2[i] = view(data, family, s1, s2, signal, stream);
            }
            NtXentLinear.Value value = NtXentLinear.evaluate(w, v1, v2, config.temperature());
            loss = value.loss();
            for (int o = 0; o < w.length; o++) {
                for (int j = 0; j < d; j++) {
                    w[o][j] -= config.learningRate() * value.gradient()[o][j];
                }
            }
        }
        return new Trajectory(family.name(), config, snapshots);
    }

    private static double[] view(LatentData data, ViewFamily family, double[] s1, double[] s2, double[] signal, SplittableRandom r) {
        ViewFamily.Treatment[] t = family.treat(signal, r);
        return data.input(treated(s1, t[0], family.perturbation(), r), treated(s2, t[1], family.perturbation(), r), r);
    }

    private static double[] treated(double[] s, ViewFamily.Treatment t, double rho, SplittableRandom r) {
        return switch (t) {
            case KEEP -> s;
            case RESAMPLE -> LatentData.gaussian(r, s.length);
            case PERTURB -> {
                // keeps unit variance: sqrt(1 - rho^2) s + rho * fresh
                double keep = Math.sqrt(1 - rho * rho);
                double[] out = new double[s.length];
                for (int j = 0; j < s.length; j++) {
                    out[j] = keep * s[j] + rho * r.nextGaussian();
                }
                yield out;
            }
        };
    }

    /** a_g^2 * ||W_g||_F^2: the variance the encoder's output gets from group g. */
    static double[] signal(double[][] w, TheoryConfig c) {
        double[] norms = weightNorms(w, c);
        return new double[] {c.a() * c.a() * norms[0] * norms[0], c.b() * c.b() * norms[1] * norms[1]};
    }

    static double[] weightNorms(double[][] w, TheoryConfig c) {
        double n1 = 0;
        double n2 = 0;
        for (double[] row : w) {
            for (int j = 0; j < c.d1(); j++) {
                n1 += row[j] * row[j];
            }
            for (int j = c.d1(); j < c.d1() + c.d2(); j++) {
                n2 += row[j] * row[j];
            }
        }
        return new double[] {Math.sqrt(n1), Math.sqrt(n2)};
    }

    private static Snapshot measure(int step, double loss, double[][] w, TheoryConfig c, LatentData.Sample train, LatentData.Sample test) {
        double[][] zTrain = embed(w, train.inputs());
        double[][] zTest = embed(w, test.inputs());
        double[] r2 = new double[2];
        double[] acc = new double[2];
        for (int g = 0; g < 2; g++) {
            r2[g] = LinearReadout.rSquared(zTrain, train.latents()[g], zTest, test.latents()[g]);
            acc[g] = LinearReadout.accuracy(zTrain, train.labels()[g], zTest, test.labels()[g], c.classes());
        }
        return new Snapshot(step, loss, weightNorms(w, c), signal(w, c), r2, acc);
    }

    static double[][] embed(double[][] w, double[][] x) {
        double[][] z = new double[x.length][w.length];
        for (int i = 0; i < x.length; i++) {
            for (int o = 0; o < w.length; o++) {
                z[i][o] = NtXentLinear.dot(w[o], x[i]);
            }
        }
        return z;
    }
}
