package io.featuredrop.cli;

import io.featuredrop.config.ConfigCheck;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Validate a run config (same rules as the services), publish it on fd.runs and, with --wait, wait for ACCEPTED or REJECTED.")
final class RunCommand implements Callable<Integer> {

    @Parameters(paramLabel = "CONFIG", description = "run config (.json or .yaml)")
    Path file;

    @Option(names = "--bootstrap", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--wait", description = "wait up to this many seconds for the augmenter's decision (0: do not wait)", defaultValue = "60")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        ConfigCheck check = ConfigFiles.check(file);
        if (!check.valid()) {
            System.err.println(ConfigFiles.describe(check));
            return 2;
        }
        Instant published = Instant.now().minusSeconds(2);
        KafkaIo.publishRun(bootstrap, check.config());
        System.out.println("published run " + check.config().runId() + " to fd.runs on " + bootstrap);
        if (waitSeconds <= 0) {
            return 0;
        }
        RunStatus decision = KafkaIo.awaitStatus(bootstrap, check.config().runId(),
                s -> (s.state() == RunState.ACCEPTED || s.state() == RunState.REJECTED) && !s.at().isBefore(published),
                Duration.ofSeconds(waitSeconds));
        if (decision == null) {
            System.err.println("no decision within " + waitSeconds + " s: is the augmenter running? (`featuredrop up`)");
            return 1;
        }
        System.out.println(decision.state() + (decision.reason() != null ? ": " + decision.reason() : ""));
        return decision.state() == RunState.ACCEPTED ? 0 : 2;
    }
}
