package io.featuredrop.cli;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.runs.RunView;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a run: publishes a CANCEL command on fd.runs; every service stops the run when the augmenter answers CANCELLED.")
final class CancelCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN_ID", description = "the run to cancel")
    String runId;

    @Option(names = "--bootstrap", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Override
    public Integer call() {
        Optional<RunView> run = KafkaIo.readBoard(bootstrap).get(runId);
        if (run.isEmpty()) {
            System.err.println("no run " + runId);
            return 3;
        }
        if (run.get().state().isTerminal()) {
            System.err.println("run " + runId + " is already " + run.get().state());
            return 3;
        }
        KafkaIo.publishCancel(bootstrap, runId);
        RunStatus s = KafkaIo.awaitStatus(bootstrap, runId, x -> x.state() == RunState.CANCELLED, Duration.ofSeconds(60));
        if (s == null) {
            System.err.println("no CANCELLED status for " + runId + " within 60 s; see the augmenter log");
            return 1;
        }
        System.out.println("run " + runId + " CANCELLED");
        return 0;
    }
}
