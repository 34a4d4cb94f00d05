package io.featuredrop.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.events.EvalResult;
import io.featuredrop.runs.RunView;
import io.featuredrop.stats.MeanInterval;
import io.featuredrop.wire.JsonEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A report folder for a set of runs: {@code report.html} (self-contained: pictures inlined),
 * {@code results.csv}, {@code results.json}, one accuracy-vs-step PNG per task and one view-grid PNG
 * per run (original, view 1, view 2, |delta|).
 */
public final class ExperimentReport {

    /**
     * @param note      free text under the title (machine, sizes, how it was made)
     * @param tasks     the dataset's tasks in order (main task first)
     * @param viewGrids run id to its view-grid PNG (runs without one are left out)
     * @param controls  rows beside the compared runs (floor, raw pixels, single-task ceiling), measured per seed on the runs' dataset with their probe settings
     *                  (the random-encoder floor, raw pixels); empty when not measured
     */
    public record Input(String title, String note, List<String> tasks, List<RunView> runs, List<EvalResult> results,
                        Map<String, byte[]> viewGrids, List<ControlRow> controls) {
    }

    private ExperimentReport() {
    }

    /** Writes the folder and returns the path of {@code report.html}. */
    public static Path write(Input in, Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("results.csv"), ResultsCsv.render(in.runs(), in.results()));
        Files.writeString(dir.resolve("results.json"), JsonEvents.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(in)));
        Map<String, byte[]> curves = new LinkedHashMap<>();
        for (String task : in.tasks()) {
            Map<String, Double> lines = new LinkedHashMap<>();
            in.controls().forEach(c -> c.interval(task).ifPresent(i -> lines.put(c.name(), i.mean())));
            byte[] png = AccuracyCurves.png(task, in.results(), id -> label(in.runs(), id), lines);
            curves.put(task, png);
            Files.write(dir.resolve("accuracy-" + fileSafe(task) + ".png"), png);
        }
        for (Map.Entry<String, byte[]> e : in.viewGrids().entrySet()) {
            Files.write(dir.resolve("views-" + fileSafe(e.getKey()) + ".png"), e.getValue());
        }
        Path html = dir.resolve("report.html");
        Files.writeString(html, html(in, curves), StandardCharsets.UTF_8);
        return html;
    }

    /** The label of a run's line and rows: its mode and seed. */
    static String label(List<RunView> runs, String runId) {
        return runs.stream().filter(r -> r.runId().equals(runId) && r.config() != null).findFirst()
                .map(r -> r.config().mode().wireName() + " (seed " + r.config().seed() + ")").orElse(runId);
    }

    static String fileSafe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static ObjectNode json(Input in) {
        ObjectNode root = JsonEvents.mapper().createObjectNode();
        root.put("title", in.title()).put("note", in.note()).put("generatedAt", Instant.now().toString());
        root.set("tasks", JsonEvents.mapper().valueToTree(in.tasks()));
        root.set("controls", JsonEvents.mapper().valueToTree(in.controls()));
        ArrayNode runs = root.putArray("runs");
        for (RunView r : in.runs()) {
            ObjectNode n = runs.addObject().put("runId", r.runId()).put("state", r.state() == null ? null : r.state().name());
            n.set("config", JsonEvents.mapper().valueToTree(r.config()));
        }
        List<ModeSummary.Row> rows = ModeSummary.of(in.runs(), in.results());
        root.set("summary", JsonEvents.mapper().valueToTree(rows));
        root.set("comparisons", JsonEvents.mapper().valueToTree(ModeComparison.reported(rows, in.tasks(), in.controls())));
        root.set("results", JsonEvents.mapper().valueToTree(in.results()));
        return root;
    }

    private static String html(Input in, Map<String, byte[]> curves) {
        StringBuilder h = new StringBuilder();
        h.append("<!doctype html><html><head><meta charset=\"utf-8\"><title>").append(esc(in.title())).append("</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1100px;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 10px;text-align:right}")
                .append("th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}.best{font-weight:bold}")
                .append("tr.control td{color:#555;font-style:italic}td.verdict{text-align:left}td.interval{white-space:nowrap}")
                .append("figure{display:inline-block;margin:0 1em 1em 0}figcaption{font-size:90%;color:#555}.note{color:#555}")
                .append("</style></head><body>");
        h.append("<h1>").append(esc(in.title())).append("</h1><p class=\"note\">").append(esc(in.note())).append("</p>");
        h.append("<h2>Accuracy per task (last probed checkpoint)</h2>");
        h.append(summaryTable(in));
        h.append("<p class=\"note\">Linear-probe top-1 accuracy on clean test images: the mean over seeds with its 95% confidence interval ")
                .append("[low, high] from Student's t where a row has several seeds; with one seed no interval is possible. ")
                .append("Controls: <em>random encoder (floor)</em>, each seed's encoder before any step; <em>raw pixels</em>, the same probe on the ")
                .append("pixels with no encoder; <em>single-task ceiling</em> (when measured), expert views trained on the photos alone. <em>kept</em>: share of the run's own views whose label the probe still reads (label destruction).</p>");
        h.append(comparisonSection(in));
        h.append("<h2>Accuracy over training</h2>");
        curves.forEach((task, png) -> h.append(figure(png, "task " + task)));
        if (!in.viewGrids().isEmpty()) {
            h.append("<h2>Views</h2><p class=\"note\">Columns: test images; rows: original, view 1, view 2, |view 1 &minus; original| &times;4 (where the augmentation changed the image).</p>");
            in.viewGrids().forEach((id, png) -> h.append(figure(png, label(in.runs(), id) + " &mdash; " + esc(id))));
        }
        h.append("<h2>Every checkpoint</h2>").append(runsTable(in));
        h.append("<h2>Runs</h2><table><tr><th>run</th><th>dataset</th><th>mode</th><th>seed</th><th>steps</th><th>batch</th><th>state</th></tr>");
        for (RunView r : in.runs()) {
            if (r.config() == null) {
                continue;
            }
            h.append("<tr><td>").append(esc(r.runId())).append("</td><td>").append(esc(r.config().dataset())).append("</td><td>")
                    .append(esc(r.config().mode().wireName())).append("</td><td>").append(r.config().seed()).append("</td><td>")
                    .append(r.config().steps()).append("</td><td>").append(r.config().batchSize()).append("</td><td>")
                    .append(r.state() == null ? "-" : r.state().name()).append("</td></tr>");
        }
        h.append("</table><p class=\"note\">Data: results.csv, results.json (configs, summary, every EvalResult) beside this file.</p></body></html>\n");
        return h.toString();
    }

    private static String summaryTable(Input in) {
        StringBuilder t = new StringBuilder("<table id=\"summary\"><tr><th>mode</th><th>runs</th><th>step</th>");
        in.tasks().forEach(task -> t.append("<th>").append(esc(task)).append("</th><th>").append(esc(task)).append(" kept</th>"));
        t.append("</tr>");
        for (ControlRow c : in.controls()) {
            t.append("<tr class=\"control\"><td>").append(esc(c.name())).append("</td><td>").append(c.accuracyBySeed().size()).append("</td><td>")
                    .append(ControlRow.FLOOR.equals(c.name()) ? "0" : "-").append("</td>");
            in.tasks().forEach(task -> t.append("<td>").append(c.interval(task).map(MeanInterval::format).orElse("-")).append("</td><td>-</td>"));
            t.append("</tr>");
        }
        List<ModeSummary.Row> rows = ModeSummary.of(in.runs(), in.results());
        Map<String, Double> best = new LinkedHashMap<>();
        for (ModeSummary.Row row : rows) {
            row.cells().forEach(c -> best.merge(c.task(), c.accuracyMean(), Math::max));
        }
        for (ModeSummary.Row row : rows) {
            t.append("<tr><td>").append(esc(row.mode())).append("</td><td>").append(row.runIds().size()).append("</td><td>")
                    .append(row.step() < 0 ? "-" : Long.toString(row.step())).append("</td>");
            for (String task : in.tasks()) {
                ModeSummary.Cell c = row.cell(task).orElse(null);
                if (c == null) {
                    t.append("<td>-</td><td>-</td>");
                    continue;
                }
                String acc = c.accuracy().format();
                boolean isBest = rows.size() > 1 && c.accuracyMean() == best.get(task);
                t.append(isBest ? "<td class=\"best\">" : "<td>").append(acc).append("</td><td>")
                        .append(c.keptMean() == null ? "-" : fmt(c.keptMean())).append("</td>");
            }
            t.append("</tr>");
        }
        return t.append("</table>").toString();
    }

    private static String comparisonSection(Input in) {
        List<ModeComparison.TaskComparison> all = ModeComparison.reported(ModeSummary.of(in.runs(), in.results()), in.tasks(), in.controls());
        if (all.isEmpty()) {
            return "";
        }
        StringBuilder t = new StringBuilder("<h2>Paired differences (matched by seed)</h2><table id=\"comparisons\"><tr><th>difference</th>")
                .append("<th>task</th><th>seeds</th><th>mean</th><th>95% interval</th><th>verdict</th></tr>");
        for (ModeComparison.TaskComparison c : all) {
            MeanInterval i = c.difference().interval();
            t.append("<tr><td>").append(esc(c.difference().first() + " - " + c.difference().second())).append("</td><td>").append(esc(c.task()))
                    .append("</td><td>").append(c.difference().seeds().size()).append("</td><td>").append(i == null ? "-" : signed(i.mean()))
                    .append("</td><td class=\"interval\">").append(i == null || !i.hasInterval() ? "-" : signed(i.low()) + " .. " + signed(i.high()))
                    .append("</td><td class=\"verdict\">").append(esc(c.verdict().sentence())).append("</td></tr>");
        }
        return t.append("</table>").toString();
    }

    private static String signed(double d) {
        return String.format(Locale.ROOT, "%+.3f", d);
    }

    private static String runsTable(Input in) {
        StringBuilder t = new StringBuilder("<table><tr><th>run</th><th>step</th>");
        in.tasks().forEach(task -> t.append("<th>").append(esc(task)).append(" (kept)</th>"));
        t.append("</tr>");
        Map<String, Map<Long, Map<String, EvalResult>>> byRun = new LinkedHashMap<>();
        for (EvalResult r : in.results()) {
            byRun.computeIfAbsent(r.runId(), k -> new java.util.TreeMap<>()).computeIfAbsent(r.step(), k -> new LinkedHashMap<>()).put(r.task(), r);
        }
        byRun.forEach((id, steps) -> steps.forEach((step, tasks) -> {
            t.append("<tr><td>").append(esc(id)).append("</td><td>").append(step).append("</td>");
            for (String task : in.tasks()) {
                EvalResult r = tasks.get(task);
                t.append("<td>").append(r == null ? "-" : fmt(r.accuracy()) + (r.labelRetention() == null ? "" : " (" + fmt(r.labelRetention()) + ")"))
                        .append("</td>");
            }
            t.append("</tr>");
        }));
        return t.append("</table>").toString();
    }

    private static String figure(byte[] png, String caption) {
        return "<figure><img alt=\"" + caption.replace("\"", "") + "\" src=\"data:image/png;base64," + Base64.getEncoder().encodeToString(png)
                + "\"><figcaption>" + caption + "</figcaption></figure>";
    }

    private static String fmt(Double d) {
        return d == null || d.isNaN() ? "-" : String.format(Locale.ROOT, "%.3f", d);
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

}
