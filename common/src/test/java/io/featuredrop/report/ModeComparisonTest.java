package io.featuredrop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunState;
import io.featuredrop.runs.RunView;
import io.featuredrop.stats.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class ModeComparisonTest {

    private static RunView run(String id, String mode, long seed) {
        String json = "{\"runId\":\"" + id + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":200,\"seed\":" + seed + "}";
        return new RunView(id, RunConfigValidator.check(json.getBytes(StandardCharsets.UTF_8)).config(), RunState.COMPLETED, null, "augmenter");
    }

    private static EvalResult result(String run, String task, double acc) {
        return new EvalResult(1, run, 200, task, 10, acc, null, ProbeSettings.defaults(), "sgd", "ab", Map.of(), Instant.EPOCH);
    }

    @Test
    void pairsRunsOfTheSameSeedAndLeavesOutASeedRanTwice() {
        // seeds 3..5 (a reader's report seeds); expert ran seed 5 twice, so seed 5 has no single partner
        List<RunView> runs = List.of(run("v3", "viewmaker", 3), run("v4", "viewmaker", 4), run("v5", "viewmaker", 5),
                run("e3", "expert", 3), run("e4", "expert", 4), run("e5", "expert", 5), run("e5b", "expert", 5));
        List<EvalResult> results = List.of(result("v3", "digit", 0.40), result("v4", "digit", 0.45), result("v5", "digit", 0.50),
                result("e3", "digit", 0.30), result("e4", "digit", 0.33), result("e5", "digit", 0.20), result("e5b", "digit", 0.60));
        List<ModeComparison.TaskComparison> c = ModeComparison.modes(ModeSummary.of(runs, results), "viewmaker", "expert", List.of("garment", "digit"));
        assertEquals(1, c.size(), "garment was not measured");
        assertEquals(List.of(3L, 4L), c.get(0).difference().seeds());
        assertEquals(List.of(5L), c.get(0).difference().unmatched());
        assertEquals(List.of(0.10000000000000003, 0.12), c.get(0).difference().differences());
        // two pairs leave 1 degree of freedom: t = 12.706 makes even a steady +0.11 not significant (interval -0.017..+0.237)
        assertEquals(Verdict.Outcome.NOT_SIGNIFICANT, c.get(0).verdict().outcome());
        assertEquals(-0.0170620, c.get(0).difference().interval().low(), 1e-6);
    }

    @Test
    void comparesAModeWithAControlSeedBySeed() {
        List<RunView> runs = List.of(run("v0", "viewmaker", 0), run("v1", "viewmaker", 1), run("v2", "viewmaker", 2));
        List<EvalResult> results = List.of(result("v0", "digit", 0.309), result("v1", "digit", 0.326), result("v2", "digit", 0.358));
        // the README's floors per seed: 0.309 / 0.337 / 0.285 -> differences 0.000, -0.011, +0.073: not significant
        ControlRow floor = new ControlRow(ControlRow.FLOOR, Map.of(0L, Map.of("digit", 0.309), 1L, Map.of("digit", 0.337), 2L, Map.of("digit", 0.285)));
        List<ModeComparison.TaskComparison> c = ModeComparison.againstControl(ModeSummary.of(runs, results), "viewmaker", floor, List.of("digit"));
        assertEquals(1, c.size());
        assertEquals(Verdict.Outcome.NOT_SIGNIFICANT, c.get(0).verdict().outcome());
        assertEquals("random encoder", c.get(0).difference().second());
        assertEquals(0.0206666666, c.get(0).difference().interval().mean(), 1e-9);
    }
}
