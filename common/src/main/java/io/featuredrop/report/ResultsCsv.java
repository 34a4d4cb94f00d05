package io.featuredrop.report;

import io.featuredrop.events.EvalResult;
import io.featuredrop.events.RunConfig;
import io.featuredrop.runs.RunView;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every probe result as one CSV line, with the run's dataset, mode and seed so sweeps can be grouped. */
public final class ResultsCsv {

    public static final String HEADER = "run_id,dataset,mode,seed,step,task,classes,accuracy,label_retention,probe_protocol,probe_features,probe_train_size,probe_test_size,checkpoint_sha256";

    private ResultsCsv() {
    }

    public static String render(List<RunView> runs, List<EvalResult> results) {
        Map<String, RunConfig> configs = runs.stream().filter(r -> r.config() != null)
                .collect(Collectors.toMap(RunView::runId, RunView::config, (a, b) -> a));
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EvalResult r : results) {
            RunConfig c = configs.get(r.runId());
            Function<Function<RunConfig, Object>, String> field = f -> c == null ? "" : String.valueOf(f.apply(c));
            sb.append(String.join(",",
                    quote(r.runId()), quote(field.apply(RunConfig::dataset)), quote(field.apply(x -> x.mode().wireName())),
                    field.apply(RunConfig::seed), Long.toString(r.step()), quote(r.task()), Integer.toString(r.numClasses()),
                    String.format(java.util.Locale.ROOT, "%.6f", r.accuracy()),
                    r.labelRetention() == null ? "" : String.format(java.util.Locale.ROOT, "%.6f", r.labelRetention()),
                    r.probe() == null ? "" : quote(r.probe().protocolName()), r.probe() == null ? "" : quote(r.probe().features()), r.probe() == null ? "" : Integer.toString(r.probe().trainSize()),
                    r.probe() == null ? "" : Integer.toString(r.probe().testSize()), r.checkpointSha256() == null ? "" : r.checkpointSha256()))
                    .append('\n');
        }
        return sb.toString();
    }

    /** RFC 4180 quoting where a value needs it. */
    static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
