package io.featuredrop.cli;

import io.featuredrop.events.EvalResult;
import io.featuredrop.results.ResultsBoard;
import io.featuredrop.runs.RunBoard;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Per-task linear-probe results of every checkpoint, folded from fd.eval-results.")
final class ResultsCommand implements Callable<Integer> {

    @Parameters(arity = "0..1", paramLabel = "RUN_ID", description = "only this run")
    String runId;

    @Option(names = "--all-steps", description = "every evaluated checkpoint, not only each run's latest")
    boolean allSteps;

    @Option(names = "--json", description = "the results as JSON lines (EvalResult events)")
    boolean json;

    @Option(names = "--csv", description = "every result as CSV (run, dataset, mode, seed, step, task, accuracy, retention, ...)")
    boolean csv;

    @Option(names = "--bootstrap", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Override
    public Integer call() {
        ResultsBoard results = KafkaIo.readResults(bootstrap);
        List<EvalResult> shown = runId == null ? results.all() : results.run(runId);
        if (shown.isEmpty()) {
            System.out.println(runId == null ? "no probe results yet" : "no probe results for run " + runId);
            return runId == null ? 0 : 3;
        }
        if (json) {
            shown.forEach(r -> System.out.println(io.featuredrop.wire.JsonEvents.encodeToString(r)));
            return 0;
        }
        RunBoard runs = KafkaIo.readBoard(bootstrap);
        if (csv) {
            System.out.print(io.featuredrop.report.ResultsCsv.render(runs.all(), shown));
            return 0;
        }
        System.out.println(ResultsTable.render(shown, runs, !allSteps));
        return 0;
    }
}
