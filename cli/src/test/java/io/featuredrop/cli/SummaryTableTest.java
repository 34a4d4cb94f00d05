package io.featuredrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunState;
import io.featuredrop.report.ControlRow;
import io.featuredrop.report.ModeSummary;
import io.featuredrop.runs.RunView;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class SummaryTableTest {

    private static RunView run(String id, String mode, long seed) {
        String json = "{\"runId\":\"" + id + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":400,\"seed\":" + seed + "}";
        return new RunView(id, RunConfigValidator.check(json.getBytes(StandardCharsets.UTF_8)).config(), RunState.COMPLETED, null, "augmenter");
    }

    private static EvalResult result(String run, String task, double acc) {
        return new EvalResult(1, run, 400, task, 10, acc, 0.5, ProbeSettings.defaults(), "sgd", "ab", Map.of(), Instant.EPOCH);
    }

    /** Seeds 3-5 (as with --seeds 3 --first-seed 3): intervals per cell, controls first, one sentence per comparison and task. */
    @Test
    void showsIntervalsControlsAndAVerdictPerTask() {
        double[][] vm = {{0.73, 0.309}, {0.74, 0.326}, {0.72, 0.358}};
        double[][] ex = {{0.77, 0.228}, {0.78, 0.202}, {0.765, 0.205}};
        List<RunView> runs = new ArrayList<>();
        List<EvalResult> results = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long seed = 3 + k;
            runs.add(run("v" + seed, "viewmaker", seed));
            runs.add(run("e" + seed, "expert", seed));
            results.addAll(List.of(result("v" + seed, "garment", vm[k][0]), result("v" + seed, "digit", vm[k][1]),
                    result("e" + seed, "garment", ex[k][0]), result("e" + seed, "digit", ex[k][1])));
        }
        ControlRow floor = new ControlRow(ControlRow.FLOOR, Map.of(3L, Map.of("garment", 0.69, "digit", 0.31),
                4L, Map.of("garment", 0.68, "digit", 0.34), 5L, Map.of("garment", 0.73, "digit", 0.29)));
        ControlRow raw = new ControlRow(ControlRow.RAW_PIXELS, Map.of(3L, Map.of("garment", 0.81, "digit", 0.73),
                4L, Map.of("garment", 0.82, "digit", 0.72), 5L, Map.of("garment", 0.80, "digit", 0.74)));
        String table = SummaryTable.render(ModeSummary.of(runs, results), List.of("garment", "digit"), List.of(floor, raw));
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(1).startsWith("random encoder (floor)       3      0  0.700 [0.634, 0.766]"), lines.get(1));
        assertTrue(lines.get(2).startsWith("raw pixels                   3      -  0.810 [0.785, 0.835]"), lines.get(2));
        assertTrue(lines.get(3).startsWith("viewmaker                    3    400  0.730 [0.705, 0.755]  0.500    0.331 [0.269, 0.393]"), lines.get(3));
        assertTrue(table.contains("mean over seeds [95% confidence interval, Student's t]"));
        assertTrue(table.contains("\n  expert > viewmaker on garment at 95% (viewmaker - expert -0.042, interval -0.049..-0.034, 3 seeds);"
                + " the reverse does not hold"), table);
        assertTrue(table.contains("\n  viewmaker > expert on digit at 95% (viewmaker - expert +0.119, interval +0.029..+0.209, 3 seeds);"), table);
        assertTrue(table.contains("\n  viewmaker vs random encoder on digit: not significant at 95%, interval includes 0"), table);
        assertEquals(4, table.lines().filter(l -> l.startsWith("  ")).count(), "two comparisons x two tasks");
    }

    /** The ceiling measures the photo task only: its other cells say "-", and a footnote says what it is. */
    @Test
    void ceilingRowShowsThePhotoTaskOnly() {
        List<RunView> runs = List.of(run("e0", "expert", 0));
        List<EvalResult> results = List.of(result("e0", "garment", 0.78), result("e0", "digit", 0.32));
        ControlRow top = new ControlRow(ControlRow.CEILING, Map.of(0L, Map.of("garment", 0.812)));
        String table = SummaryTable.render(ModeSummary.of(runs, results), List.of("garment", "digit"), List.of(top));
        String row = table.lines().filter(l -> l.startsWith(ControlRow.CEILING)).findFirst().orElseThrow();
        assertTrue(row.matches("single-task ceiling\\s+1\\s+-\\s+0\\.812\\s+-\\s+-\\s+-\\s*"), row);
        assertTrue(table.contains("single-task ceiling: expert views trained on the photos alone"), table);
        String without = SummaryTable.render(ModeSummary.of(runs, results), List.of("garment", "digit"), List.of());
        assertFalse(without.contains("single-task ceiling"), without);
    }

    @Test
    void oneSeedSaysNoIntervalIsPossible() {
        List<RunView> runs = List.of(run("v0", "viewmaker", 0), run("e0", "expert", 0));
        List<EvalResult> results = List.of(result("v0", "digit", 0.33), result("e0", "digit", 0.21));
        String table = SummaryTable.render(ModeSummary.of(runs, results), List.of("digit"), List.of());
        assertTrue(table.contains("one seed, so no interval is possible"), table);
        assertTrue(table.contains("viewmaker vs expert on digit: one seed (0), no interval possible (viewmaker - expert +0.120)"), table);
        assertFalse(table.contains("["), "no interval printed: " + table);
    }
}
