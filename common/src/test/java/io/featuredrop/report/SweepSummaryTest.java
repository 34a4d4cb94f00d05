package io.featuredrop.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunState;
import io.featuredrop.runs.RunView;
import io.featuredrop.stats.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class SweepSummaryTest {

    private static RunView run(String id, String mode, long seed, RunState state) {
        String json = "{\"runId\":\"" + id + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":400,\"seed\":" + seed + "}";
        return new RunView(id, RunConfigValidator.check(json.getBytes(StandardCharsets.UTF_8)).config(), state, null, "augmenter");
    }

    private static List<EvalResult> probed(String run, long step, double garment, double digit) {
        return List.of(new EvalResult(1, run, step, "garment", 10, garment, null, ProbeSettings.defaults(), "sgd", "ab", Map.of(), Instant.EPOCH),
                new EvalResult(1, run, step, "digit", 10, digit, null, ProbeSettings.defaults(), "sgd", "ab", Map.of(), Instant.EPOCH));
    }

    @Test
    void groupsBySweepAndCountsARunOnceItsFinalCheckpointIsProbed() {
        List<RunView> runs = new ArrayList<>();
        List<EvalResult> results = new ArrayList<>();
        double[] vm = {0.309, 0.326, 0.358};
        double[] ex = {0.228, 0.202, 0.205};
        for (int seed = 0; seed < 3; seed++) {
            runs.add(run("modes-fashion-mnist-mnist-viewmaker-s" + seed, "viewmaker", seed, RunState.COMPLETED));
            runs.add(run("modes-fashion-mnist-mnist-expert-s" + seed, "expert", seed, RunState.COMPLETED));
            results.addAll(probed("modes-fashion-mnist-mnist-viewmaker-s" + seed, 400, 0.73, vm[seed]));
            results.addAll(probed("modes-fashion-mnist-mnist-expert-s" + seed, 400, 0.77, ex[seed]));
        }
        // seed 3 of the sweep is half-way: its step-200 checkpoint must not enter the statistics
        runs.add(run("modes-fashion-mnist-mnist-viewmaker-s3", "viewmaker", 3, RunState.RUNNING));
        results.addAll(probed("modes-fashion-mnist-mnist-viewmaker-s3", 200, 0.10, 0.10));
        // seed 4 FAILED and seed 5 was CANCELLED: ended, never counted, not waited for
        runs.add(run("modes-fashion-mnist-mnist-viewmaker-s4", "viewmaker", 4, RunState.FAILED));
        results.addAll(probed("modes-fashion-mnist-mnist-viewmaker-s4", 200, 0.10, 0.10));
        runs.add(run("modes-fashion-mnist-mnist-expert-s5", "expert", 5, RunState.CANCELLED));
        // a run named by hand, finished, and one of another sweep whose last checkpoint lacks the digit
        runs.add(run("vm-1", "viewmaker", 0, RunState.COMPLETED));
        results.addAll(probed("vm-1", 400, 0.70, 0.30));
        runs.add(run("other-fashion-mnist-mnist-expert-s0", "expert", 0, RunState.COMPLETED));
        results.add(probed("other-fashion-mnist-mnist-expert-s0", 400, 0.7, 0.2).get(0));

        List<SweepSummary> groups = SweepSummary.of(runs, results);
        assertEquals(3, groups.size());
        SweepSummary modes = groups.get(0);
        assertEquals("modes", modes.sweep());
        assertEquals(List.of("garment", "digit"), modes.tasks());
        assertEquals(List.of("modes-fashion-mnist-mnist-viewmaker-s3"), modes.waiting());
        assertEquals(List.of("modes-fashion-mnist-mnist-viewmaker-s4", "modes-fashion-mnist-mnist-expert-s5"), modes.stopped());
        assertEquals(List.of("expert", "viewmaker"), modes.rows().stream().map(ModeSummary.Row::mode).toList(), "in the modes' order");
        ModeSummary.Cell digit = modes.rows().get(1).cell("digit").orElseThrow();
        assertEquals(3, digit.runs());
        assertEquals(0.331, digit.accuracyMean(), 1e-12);
        assertEquals(0.2691953726181287, digit.accuracy().low(), 1e-9); // scipy ttest_1samp([.309, .326, .358]).confidence_interval()
        assertEquals(2, modes.comparisons().size());
        assertEquals(Verdict.Outcome.FIRST_HIGHER, modes.comparisons().get(1).verdict().outcome());
        assertEquals("other", groups.get(1).sweep());
        assertEquals(List.of("other-fashion-mnist-mnist-expert-s0"), groups.get(1).waiting());
        assertEquals(List.of(), groups.get(1).rows());
        assertNull(groups.get(2).sweep());
        assertEquals(List.of("vm-1"), groups.get(2).rows().get(0).runIds());
        assertEquals(List.of(), groups.get(2).stopped());
    }
}
