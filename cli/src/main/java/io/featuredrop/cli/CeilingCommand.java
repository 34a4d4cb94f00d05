package io.featuredrop.cli;

import io.featuredrop.events.RunConfig;
import io.featuredrop.train.SingleTaskCeiling;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "ceiling", mixinStandardHelpOptions = true,
        description = "The single-task ceiling of a multi-task config: expert views trained on its photos alone with the config's sizes, "
                + "seed and probe, in this JVM, probed on the multi-task dataset's images; prints the photo task's accuracy.")
final class CeilingCommand implements Callable<Integer> {

    @Mixin
    RunConfigFile runConfig;

    @Override
    public Integer call() throws Exception {
        RunConfig config = runConfig.validOrNull();
        if (config == null) {
            return 2;
        }
        long t0 = System.nanoTime();
        Map<String, Double> ceiling;
        try {
            ceiling = SingleTaskCeiling.measure(config);
        } catch (IllegalArgumentException e) {
            System.err.println("featuredrop ceiling: " + e.getMessage());
            return 2;
        }
        System.out.printf("%s: single-task ceiling (expert views on %s alone, seed %d, %d steps) in %.0f s%n", config.runId(),
                SingleTaskCeiling.photosOf(config.dataset()), config.seed(), config.steps(), (System.nanoTime() - t0) / 1e9);
        ceiling.forEach((task, acc) -> System.out.printf("  %-12s accuracy %.4f%n", task, acc));
        return 0;
    }
}
