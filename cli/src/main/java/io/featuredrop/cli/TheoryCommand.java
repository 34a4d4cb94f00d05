package io.featuredrop.cli;

import io.featuredrop.theory.TheoryConfig;
import io.featuredrop.theory.TheoryReport;
import io.featuredrop.theory.TheorySweep;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "theory", mixinStandardHelpOptions = true,
        description = "The linear contrastive model of feature suppression and feature dropout (docs/THEORY.md): every view family, "
                + "sweeps over p, a/b and width; prints a table, writes PNGs.")
final class TheoryCommand implements Callable<Integer> {

    private static final TheoryConfig D = TheoryConfig.defaults();

    @Option(names = "--d1", description = "dimensions of group 1 (default: 8)") Integer d1;
    @Option(names = "--d2", description = "dimensions of group 2 (default: 8)") Integer d2;
    @Option(names = "--noise-dims", description = "noise dimensions (default: 8)") Integer dn;
    @Option(names = "-a", description = "strength of group 1 (default: 2)") Double a;
    @Option(names = "-b", description = "strength of group 2 (default: 1)") Double b;
    @Option(names = "--noise", description = "noise scale (default: 0.3)") Double noise;
    @Option(names = "--width", description = "encoder outputs (default: 8)") Integer width;
    @Option(names = "--batch", description = "pairs per step (default: 64)") Integer batch;
    @Option(names = "--temperature", description = "NT-Xent temperature (default: 0.5)") Double temperature;
    @Option(names = "--lr", description = "learning rate (default: 0.05)") Double lr;
    @Option(names = "--steps", description = "training steps (default: 1500)") Integer steps;
    @Option(names = "--seed", description = "seed (default: 0)") Long seed;
    @Option(names = "-p", defaultValue = "0.5", description = "dropout probability of the families (default: ${DEFAULT-VALUE})") double p;
    @Option(names = "--out", defaultValue = "reports/theory", description = "folder for the PNGs (default: ${DEFAULT-VALUE})") Path out;
    @Option(names = "--bench", description = "instead: loss+gradient evaluations/s, plain Java vs DJL autograd, at these sizes") boolean bench;

    @Override
    public Integer call() throws Exception {
        TheoryConfig c;
        try {
            c = new TheoryConfig(or(d1, D.d1()), or(d2, D.d2()), or(dn, D.dn()), or(a, D.a()), or(b, D.b()), or(noise, D.noise()),
                    or(width, D.width()), or(batch, D.batch()), or(temperature, D.temperature()), or(lr, D.learningRate()),
                    or(steps, D.steps()), Math.max(1, or(steps, D.steps()) / 30), D.initScale(), D.classes(), or(seed, D.seed()));
            if (!(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("-p must be in [0, 1], was " + p);
            }
        } catch (IllegalArgumentException e) {
            System.err.println("invalid options: " + e.getMessage());
            return 2;
        }
        if (bench) {
            io.featuredrop.theory.TheoryBench.Rates rates = io.featuredrop.theory.TheoryBench.measure(c, 2000);
            System.out.printf("loss+gradient per second (batch %d, D %d, width %d): plain Java %.0f, DJL autograd %.0f, ratio %.1fx%n",
                    c.batch(), c.inputDim(), c.width(), rates.plainJava(), rates.djl(), rates.ratio());
            return 0;
        }
        System.out.println("running the view families and the sweeps over p, a/b and width ...");
        TheorySweep.Result result = TheorySweep.run(c, p);
        System.out.println(TheoryReport.table(result));
        for (Path file : TheoryReport.writePngs(result, out)) {
            System.out.println("wrote " + file);
        }
        return 0;
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }
}
