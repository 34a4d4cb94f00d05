package io.featuredrop.theory;

import java.util.ArrayList;
import java.util.List;

/**
 * The default experiment of {@code featuredrop theory}: every view family at one dropout probability
 * (trajectories), and the final state of each group swept over p, over the strength ratio a/b and
 * over the encoder width. Sweeps record only the final state (readouts are the costly part).
 */
public final class TheorySweep {

    /** One point of a sweep: the swept value and each family's final snapshot there. */
    public record Point(double value, List<String> families, List<LinearContrastiveSimulation.Snapshot> finals) {
    }

    /** Everything the report shows. */
    public record Result(TheoryConfig config, double p, List<LinearContrastiveSimulation.Trajectory> trajectories, List<Point> overP,
                         List<Point> overRatio, List<Point> overWidth, double seconds) {
    }

    public static final double[] P_VALUES = {0, 0.1, 0.25, 0.5, 0.75, 1.0};
    public static final double[] RATIOS = {1.0, 1.25, 1.5, 2.0, 3.0};
    public static final int[] WIDTHS = {4, 8, 12, 16};

    private TheorySweep() {
    }

    public static Result run(TheoryConfig config, double p) {
        long t0 = System.nanoTime();
        List<LinearContrastiveSimulation.Trajectory> trajectories = new ArrayList<>();
        for (ViewFamily family : ViewFamilies.standard(p)) {
            trajectories.add(LinearContrastiveSimulation.run(config, family));
        }
        TheoryConfig quiet = finalOnly(config);
        List<Point> overP = new ArrayList<>();
        for (double value : P_VALUES) {
            overP.add(point(value, quiet, List.of(ViewFamilies.fixedDropout(0, value), ViewFamilies.fixedDropout(-1, value),
                    ViewFamilies.adversarialDropout(value))));
        }
        List<Point> overRatio = new ArrayList<>();
        for (double ratio : RATIOS) {
            overRatio.add(point(ratio, quiet.withStrengths(ratio * config.b(), config.b()), both(p)));
        }
        List<Point> overWidth = new ArrayList<>();
        for (int width : WIDTHS) {
            overWidth.add(point(width, quiet.withWidth(width), both(p)));
        }
        return new Result(config, p, trajectories, overP, overRatio, overWidth, (System.nanoTime() - t0) / 1e9);
    }

    private static List<ViewFamily> both(double p) {
        return List.of(ViewFamilies.labelPreserving(), ViewFamilies.adversarialDropout(p));
    }

    private static Point point(double value, TheoryConfig config, List<ViewFamily> families) {
        List<LinearContrastiveSimulation.Snapshot> finals = new ArrayList<>();
        for (ViewFamily f : families) {
            finals.add(LinearContrastiveSimulation.run(config, f).last());
        }
        return new Point(value, families.stream().map(ViewFamily::name).toList(), finals);
    }

    private static TheoryConfig finalOnly(TheoryConfig c) {
        return new TheoryConfig(c.d1(), c.d2(), c.dn(), c.a(), c.b(), c.noise(), c.width(), c.batch(), c.temperature(), c.learningRate(),
                c.steps(), c.steps(), c.initScale(), c.classes(), c.seed());
    }

    /** Family names without their parameters, for sweep legends ("adversarial p=0.5" -> "adversarial"). */
    static String base(String family) {
        int space = family.indexOf(' ');
        return space < 0 ? family : family.substring(0, space);
    }
}
