package io.featuredrop.cli;

import io.featuredrop.runs.RunBoard;
import io.featuredrop.runs.RunView;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "status", mixinStandardHelpOptions = true, description = "Runs and their state, folded from the fd.run-status history.")
final class StatusCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "RUN_ID", description = "only this run")
    String runId;

    @Option(names = "--bootstrap", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Override
    public Integer call() {
        RunBoard board = KafkaIo.readBoard(bootstrap);
        List<RunView> runs = runId == null ? board.all() : board.get(runId).map(List::of).orElse(List.of());
        if (runs.isEmpty()) {
            System.out.println(runId == null ? "no runs yet" : "no run " + runId);
            return runId == null ? 0 : 3;
        }
        System.out.println(StatusTable.render(runs));
        return 0;
    }
}
