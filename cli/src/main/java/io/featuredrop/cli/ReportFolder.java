package io.featuredrop.cli;

import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.data.TaskInfo;
import io.featuredrop.events.EvalResult;
import io.featuredrop.report.ControlRow;
import io.featuredrop.report.ExperimentReport;
import io.featuredrop.results.ResultsBoard;
import io.featuredrop.runs.RunBoard;
import io.featuredrop.runs.RunView;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers what a report shows from the running system: runs and their configs from
 * {@code fd.run-status}, every probe result from {@code fd.eval-results}, and each run's view grid
 * at its last probed checkpoint from the evaluator's REST API.
 */
final class ReportFolder {

    private ReportFolder() {
    }

    static Path write(String bootstrap, URI evaluator, List<String> runIds, List<ControlRow> controls, String title, String note, Path out)
            throws IOException, InterruptedException {
        RunBoard board = KafkaIo.readBoard(bootstrap);
        ResultsBoard results = KafkaIo.readResults(bootstrap);
        List<RunView> runs = new ArrayList<>();
        List<EvalResult> shown = new ArrayList<>();
        for (String id : runIds) {
            RunView run = board.get(id).orElseThrow(() -> new IllegalArgumentException("no run " + id + " on fd.run-status"));
            runs.add(run);
            shown.addAll(results.run(id));
        }
        List<String> tasks = runs.stream().filter(r -> r.config() != null).findFirst()
                .flatMap(r -> DatasetRegistry.find(r.config().dataset())).map(d -> d.tasks().stream().map(TaskInfo::name).toList())
                .orElseGet(() -> shown.stream().map(EvalResult::task).distinct().toList());
        Map<String, byte[]> grids = new LinkedHashMap<>();
        if (evaluator != null) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            for (RunView run : runs) {
                long step = results.latestStep(run.runId());
                if (step <= 0) {
                    continue;
                }
                URI uri = evaluator.resolve("/api/runs/" + run.runId() + "/views?n=6&step=" + step);
                try {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).header("Accept", "image/png").timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofByteArray());
                    if (r.statusCode() == 200) {
                        grids.put(run.runId(), r.body());
                    } else {
                        System.err.println("no view grid for " + run.runId() + ": HTTP " + r.statusCode() + " from " + uri);
                    }
                } catch (IOException e) {
                    System.err.println("no view grid for " + run.runId() + ": evaluator not reachable at " + evaluator + " (" + e.getMessage() + ")");
                    break;
                }
            }
        }
        return ExperimentReport.write(new ExperimentReport.Input(title, note, tasks, runs, shown, grids, controls), out);
    }
}
