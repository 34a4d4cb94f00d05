package io.featuredrop.theory;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The linear contrastive model behaves as docs/THEORY.md derives (default regime: a = 2b, width = d1 < d1 + d2). */
@Tag("fast")
class LinearContrastiveTheoryTest {

    @Test
    void theGradientAgreesWithFiniteDifferences() {
        SplittableRandom r = new SplittableRandom(3);
        double[][] w = random(r, 3, 6);
        double[][] v1 = random(r, 5, 6);
        double[][] v2 = random(r, 5, 6);
        double tau = 0.5;
        double[][] g = NtXentLinear.evaluate(w, v1, v2, tau).gradient();
        double h = 1e-6;
        double worst = 0;
        for (int o = 0; o < w.length; o++) {
            for (int j = 0; j < w[0].length; j++) {
                double keep = w[o][j];
                w[o][j] = keep + h;
                double up = NtXentLinear.evaluate(w, v1, v2, tau).loss();
                w[o][j] = keep - h;
                double down = NtXentLinear.evaluate(w, v1, v2, tau).loss();
                w[o][j] = keep;
                double numeric = (up - down) / (2 * h);
                worst = Math.max(worst, Math.abs(numeric - g[o][j]) / Math.max(1e-3, Math.abs(numeric)));
            }
        }
        assertTrue(worst < 1e-5, "relative error " + worst);
    }

    @Test
    void theHandDerivedGradientMatchesDjlAutogradThroughTheSystemsLoss() {
        SplittableRandom r = new SplittableRandom(11);
        double[][] w = random(r, 4, 10);
        double[][] v1 = random(r, 8, 10);
        double[][] v2 = random(r, 8, 10);
        NtXentLinear.Value mine = NtXentLinear.evaluate(w, v1, v2, 0.5);
        NtXentLinear.Value djl = DjlNtXentLinear.evaluate(w, v1, v2, 0.5);
        assertEquals(djl.loss(), mine.loss(), 1e-5 * Math.max(1, Math.abs(mine.loss())));
        for (int o = 0; o < w.length; o++) {
            for (int j = 0; j < w[0].length; j++) {
                assertEquals(djl.gradient()[o][j], mine.gradient()[o][j], 1e-4 * Math.max(1e-2, Math.abs(mine.gradient()[o][j])), o + "," + j);
            }
        }
    }

    @Test
    void labelPreservingViewsLetTheStrongGroupSuppressTheWeakOne() {
        LinearContrastiveSimulation.Trajectory t = LinearContrastiveSimulation.run(TheoryConfig.defaults(), ViewFamilies.labelPreserving());
        LinearContrastiveSimulation.Snapshot start = t.snapshots().get(0);
        LinearContrastiveSimulation.Snapshot end = t.last();
        assertTrue(end.rSquared()[0] > 0.7, "the strong group is learned: " + end);
        assertTrue(end.rSquared()[1] < 0.25 && end.rSquared()[1] < start.rSquared()[1], "the weak group ends below its random-init level: "
                + start.rSquared()[1] + " -> " + end.rSquared()[1]);
    }

    @Test
    void adversarialDropoutLearnsBothGroupsAndFixedDropoutTradesOneForTheOther() {
        TheoryConfig c = TheoryConfig.defaults();
        LinearContrastiveSimulation.Snapshot preserving = LinearContrastiveSimulation.run(c, ViewFamilies.labelPreserving()).last();
        LinearContrastiveSimulation.Snapshot adversarial = LinearContrastiveSimulation.run(c, ViewFamilies.adversarialDropout(0.5)).last();
        LinearContrastiveSimulation.Snapshot dropStrong = LinearContrastiveSimulation.run(c, ViewFamilies.fixedDropout(0, 0.5)).last();
        assertTrue(adversarial.rSquared()[0] > 0.35 && adversarial.rSquared()[1] > 0.35, "both groups represented: " + adversarial);
        assertTrue(adversarial.rSquared()[1] > preserving.rSquared()[1] + 0.2, "the weak group gains: " + adversarial + " vs " + preserving);
        assertTrue(dropStrong.rSquared()[1] > 0.9 && dropStrong.rSquared()[0] < 0.1, "dropping the strong group swaps the roles: " + dropStrong);
    }

    @Test
    void runsAreAFunctionOfTheSeed() {
        TheoryConfig c = TheoryConfig.defaults().withSteps(200);
        LinearContrastiveSimulation.Snapshot x = LinearContrastiveSimulation.run(c, ViewFamilies.adversarialDropout(0.5)).last();
        LinearContrastiveSimulation.Snapshot y = LinearContrastiveSimulation.run(c, ViewFamilies.adversarialDropout(0.5)).last();
        LinearContrastiveSimulation.Snapshot other = LinearContrastiveSimulation.run(c.withSeed(1), ViewFamilies.adversarialDropout(0.5)).last();
        assertEquals(x.loss(), y.loss());
        assertEquals(x.rSquared()[1], y.rSquared()[1]);
        assertTrue(x.loss() != other.loss(), "another seed, another run");
    }

    private static double[][] random(SplittableRandom r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return m;
    }
}
