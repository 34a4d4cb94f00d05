package io.featuredrop.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write a report folder for runs: report.html (self-contained), results.csv, results.json, accuracy-vs-step PNGs per task, "
                + "view grids per run. Reads the broker (runs, results) and the evaluator (view grids); start them with `featuredrop up`."})
final class ReportCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "RUN_ID", description = "the runs to report on")
    List<String> runIds;

    @Option(names = "--out", description = "report folder (default: reports/report-<first run id>)")
    Path out;

    @Option(names = "--title", defaultValue = "featuredrop report", description = "page title (default: ${DEFAULT-VALUE})")
    String title;

    @Option(names = "--bootstrap", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--evaluator", defaultValue = "${env:FEATUREDROP_EVALUATOR_URL:-http://127.0.0.1:8080}",
            description = "evaluator-service base URL for view grids (default: ${DEFAULT-VALUE})")
    URI evaluator;

    @Override
    public Integer call() throws Exception {
        if (!KafkaIo.reachable(bootstrap)) {
            System.err.println("no Kafka broker at " + bootstrap + "; start one (`featuredrop up` or `featuredrop broker start`) or pass --bootstrap");
            return 2;
        }
        Path dir = out != null ? out : Path.of("reports", "report-" + runIds.get(0));
        Path html = ReportFolder.write(bootstrap, evaluator, runIds, List.of(), title, "Runs " + String.join(", ", runIds) + ".", dir);
        System.out.println("report: " + html.toAbsolutePath());
        return 0;
    }
}
