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

    @Option(names = "--follow", description = "after ACCEPTED, print progress until the run COMPLETES or FAILS (exit 0 / 1)")
    boolean follow;

    @Option(names = "--follow-timeout", defaultValue = "3600", description = "give up following after this many seconds (default ${DEFAULT-VALUE})")
    int followSeconds;

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
        if (decision.state() != RunState.ACCEPTED) {
            return 2;
        }
        if (!follow) {
            return 0;
        }
        int steps = check.config().steps();
        long every = Math.max(1, steps / 20);
        RunStatus end = KafkaIo.awaitStatus(bootstrap, check.config().runId(), st -> {
            if (st.at().isBefore(published)) {
                return false;
            }
            if (st.state() == RunState.PROGRESS && st.step() != null && (st.step() % every == 0 || st.step() == steps)) {
                System.out.printf("%s step %d/%d  loss %.4f  %.2f steps/s%n", st.runId(), st.step(), steps, st.loss(),
                        st.stepsPerSecond() == null ? 0.0 : st.stepsPerSecond());
            }
            return st.state().isTerminal();
        }, Duration.ofSeconds(followSeconds));
        if (end == null) {
            System.err.println("run not finished within " + followSeconds + " s");
            return 1;
        }
        System.out.println(end.state() + (end.reason() != null ? ": " + end.reason() : ""));
        return end.state() == RunState.COMPLETED ? 0 : 1;
    }
}
