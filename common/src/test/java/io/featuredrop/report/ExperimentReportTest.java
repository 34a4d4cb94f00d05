package io.featuredrop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.runs.RunView;
import io.featuredrop.wire.JsonEvents;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("fast")
class ExperimentReportTest {

    private static RunView run(String id, String mode, int seed) {
        String json = "{\"runId\":\"r" + seed + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":200,\"seed\":" + seed + "}";
        RunConfig c = RunConfigValidator.check(json.getBytes(StandardCharsets.UTF_8)).config();
        return new RunView(id, c, RunState.COMPLETED, null, "augmenter");
    }

    private static EvalResult result(String run, long step, String task, double acc, Double kept) {
        return new EvalResult(1, run, step, task, 10, acc, kept, ProbeSettings.defaults(), "sgd", "ab" + step, Map.of(), Instant.EPOCH);
    }

    @Test
    void summaryAveragesTheLastCheckpointOfEachSeed() {
        List<RunView> runs = List.of(run("e0", "expert", 0), run("e1", "expert", 1), run("v0", "viewmaker", 0));
        List<EvalResult> results = List.of(
                result("e0", 100, "garment", 0.10, 0.5), result("e0", 200, "garment", 0.80, 0.3),
                result("e1", 200, "garment", 0.60, 0.1), result("v0", 200, "garment", 0.70, null));
        List<ModeSummary.Row> rows = ModeSummary.of(runs, results);
        assertEquals(2, rows.size());
        ModeSummary.Cell expert = rows.get(0).cell("garment").orElseThrow();
        assertEquals(2, expert.runs());
        assertEquals(0.70, expert.accuracyMean(), 1e-12); // step 100 of e0 is not its last checkpoint
        assertEquals(Math.sqrt(0.02), expert.accuracy().sd(), 1e-12);
        // two seeds: t(0.975, 1) = 12.706 makes the interval 0.7 +- 12.706 * 0.1414 / sqrt(2)
        assertEquals(0.70 - 1.27062047, expert.accuracy().low(), 1e-6);
        assertEquals(0.70 + 1.27062047, expert.accuracy().high(), 1e-6);
        assertEquals(Map.of(0L, 0.80, 1L, 0.60), expert.accuracyBySeed());
        assertEquals(0.2, expert.keptMean(), 1e-12);
        ModeSummary.Cell viewmaker = rows.get(1).cell("garment").orElseThrow();
        assertFalse(viewmaker.accuracy().hasInterval(), "one seed, no interval");
        assertEquals(null, viewmaker.keptMean());
    }

    @Test
    void severalSeedsGiveIntervalsAndAVerdictPerTask(@TempDir Path dir) throws Exception {
        // the README's 3-seed demo, digit: viewmaker 0.309 / 0.326 / 0.358, expert 0.228 / 0.202 / 0.205
        double[] vm = {0.309, 0.326, 0.358};
        double[] ex = {0.228, 0.202, 0.205};
        List<RunView> runs = new ArrayList<>();
        List<EvalResult> results = new ArrayList<>();
        for (int seed = 0; seed < 3; seed++) {
            runs.add(run("v" + seed, "viewmaker", seed));
            runs.add(run("e" + seed, "expert", seed));
            results.add(result("v" + seed, 400, "digit", vm[seed], 0.3));
            results.add(result("e" + seed, 400, "digit", ex[seed], 0.1));
        }
        ExperimentReport.write(new ExperimentReport.Input("three seeds", "", List.of("digit"), runs, results, Map.of(), List.of()), dir);
        String page = Files.readString(dir.resolve("report.html"));
        assertTrue(page.contains("<td class=\"best\">0.331 [0.269, 0.393]</td>"), "mean with its t interval");
        assertTrue(page.contains("viewmaker &gt; expert on digit at 95% (viewmaker - expert +0.119, interval +0.029..+0.209, 3 seeds);"
                + " the reverse does not hold"), page);
        JsonNode c = JsonEvents.mapper().readTree(dir.resolve("results.json").toFile()).get("comparisons").get(0);
        assertEquals("FIRST_HIGHER", c.get("verdict").get("outcome").asText());
        assertEquals(0.029342608898364597, c.get("difference").get("interval").get("low").asDouble(), 1e-9);
    }

    @Test
    void writesAFolderWithInlinedPicturesAndMachineReadableResults(@TempDir Path dir) throws Exception {
        List<RunView> runs = List.of(run("exp,\"odd\"", "expert", 0), run("vm", "viewmaker", 0));
        List<EvalResult> results = new ArrayList<>();
        for (long step : new long[] {100, 200}) {
            results.add(result("exp,\"odd\"", step, "garment", 0.7 + step / 1e4, 0.3));
            results.add(result("exp,\"odd\"", step, "digit", 0.2, 0.1));
            results.add(result("vm", step, "garment", 0.69, 0.8));
            results.add(result("vm", step, "digit", 0.3 + step / 1e4, 0.7));
        }
        byte[] grid = ImageGrid.png(List.of(new float[28 * 28 * 4]), 4, 1, 28, 28, 2);
        Path html = ExperimentReport.write(new ExperimentReport.Input("Demo <test>", "2 cores", List.of("garment", "digit"), runs, results,
                Map.of("vm", grid), List.of(new ControlRow(ControlRow.FLOOR, Map.of(0L, Map.of("garment", 0.65, "digit", 0.21))),
                        new ControlRow(ControlRow.RAW_PIXELS, Map.of(0L, Map.of("garment", 0.81, "digit", 0.73))))), dir);

        List<String> csv = Files.readAllLines(dir.resolve("results.csv"));
        assertEquals(ResultsCsv.HEADER, csv.get(0));
        assertEquals(1 + results.size(), csv.size());
        assertTrue(csv.get(1).startsWith("\"exp,\"\"odd\"\"\",fashion-mnist+mnist,expert,0,100,garment,10,0.710000,0.300000,clean,prepool,"), csv.get(1));

        JsonNode json = JsonEvents.mapper().readTree(dir.resolve("results.json").toFile());
        assertEquals(results.size(), json.get("results").size());
        assertEquals(ControlRow.FLOOR, json.get("controls").get(0).get("name").asText());
        assertEquals(0.65, json.get("controls").get(0).get("accuracyBySeed").get("0").get("garment").asDouble());
        assertEquals("viewmaker", json.get("summary").get(1).get("mode").asText());
        assertEquals(0.32, json.get("summary").get(1).get("cells").get(1).get("accuracy").get("mean").asDouble(), 1e-12);
        assertTrue(json.get("summary").get(1).get("cells").get(1).get("accuracy").get("low").isNull(), "one seed: no interval");
        // viewmaker - expert on both tasks, then viewmaker - floor on both
        assertEquals(4, json.get("comparisons").size());
        assertEquals("NO_INTERVAL", json.get("comparisons").get(1).get("verdict").get("outcome").asText());

        for (String png : List.of("accuracy-garment.png", "accuracy-digit.png", "views-vm.png")) {
            assertTrue(ImageIO.read(new ByteArrayInputStream(Files.readAllBytes(dir.resolve(png)))).getWidth() > 50, png);
        }
        String page = Files.readString(html);
        assertTrue(page.contains("Demo &lt;test&gt;"), "title escaped");
        assertEquals(3, page.split("data:image/png;base64,", -1).length - 1, "two curves and one view grid inlined");
        assertTrue(page.contains("<tr class=\"control\"><td>random encoder (floor)</td><td>1</td><td>0</td><td>0.650</td>"), "floor row");
        assertTrue(page.contains("<tr class=\"control\"><td>raw pixels</td><td>1</td><td>-</td><td>0.810</td>"), "raw-pixel row");
        assertTrue(page.contains("viewmaker vs expert on digit: one seed (0), no interval possible (viewmaker - expert +0.120)"), "verdict in words");
        assertTrue(page.contains("<td class=\"best\">0.720</td>"), "best garment accuracy marked");
        assertTrue(page.contains("<td class=\"best\">0.320</td>"), "best digit accuracy marked");
    }
}
