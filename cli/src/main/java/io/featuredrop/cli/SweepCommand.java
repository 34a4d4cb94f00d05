package io.featuredrop.cli;

import io.featuredrop.config.SweepGrid;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Publish a grid of runs: dataset x mode x seed over a base config (YAML or JSON, see configs/sweep-modes.yaml).",
                "Every cell is validated first (same rules as the services); nothing is published unless all are valid."})
final class SweepCommand implements Callable<Integer> {

    @Parameters(paramLabel = "GRID", description = "grid file (.yaml or .json): name, base, datasets, modes, seeds")
    Path file;

    @Option(names = "--dry-run", description = "validate and list the runs, publish nothing")
    boolean dryRun;

    @Option(names = "--wait", defaultValue = "60", description = "wait up to this many seconds for every run's ACCEPTED/REJECTED (0: do not wait; default ${DEFAULT-VALUE})")
    int waitSeconds;

    @Option(names = "--bootstrap", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Override
    public Integer call() throws Exception {
        SweepGrid.Expansion grid = SweepGrid.expand(ConfigFiles.read(file));
        if (!grid.valid()) {
            System.err.println(file + ": invalid sweep");
            grid.errors().forEach(e -> System.err.println("  " + e));
            return 2;
        }
        System.out.println(grid.configs().size() + " runs:");
        for (RunConfig c : grid.configs()) {
            System.out.printf("  %-56s %-20s %-17s seed %d, %d steps%n", c.runId(), c.dataset(), c.mode().wireName(), c.seed(), c.steps());
        }
        if (dryRun) {
            return 0;
        }
        Instant published = Instant.now().minusSeconds(2);
        for (RunConfig c : grid.configs()) {
            KafkaIo.publishRun(bootstrap, c);
        }
        System.out.println("published " + grid.configs().size() + " run configs to fd.runs on " + bootstrap
                + "; the augmenter trains them in turn (watch: featuredrop status, report: featuredrop report <run ids>)");
        if (waitSeconds <= 0) {
            return 0;
        }
        int rejected = 0;
        for (RunConfig c : grid.configs()) {
            RunStatus s = KafkaIo.awaitStatus(bootstrap, c.runId(),
                    x -> (x.state() == RunState.ACCEPTED || x.state() == RunState.REJECTED) && !x.at().isBefore(published), Duration.ofSeconds(waitSeconds));
            if (s == null) {
                System.err.println(c.runId() + ": no decision within " + waitSeconds + " s; is the augmenter running? (`featuredrop up`)");
                return 1;
            }
            if (s.state() == RunState.REJECTED) {
                rejected++;
                System.out.println(c.runId() + ": REJECTED: " + s.reason());
            }
        }
        System.out.println(rejected == 0 ? "all accepted" : rejected + " rejected");
        return rejected == 0 ? 0 : 2;
    }
}
