package io.featuredrop.checkpoint;

import io.featuredrop.events.EvalResult;
import io.featuredrop.events.ProbeSettings;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Tag("fast")
class CheckpointRetentionTest {

    private static EvalResult result(long step, String task, double accuracy) {
        return new EvalResult(1, "r", step, task, 10, accuracy, null, ProbeSettings.defaults(), "sgd", "ab", Map.of(), Instant.EPOCH);
    }

    @Test
    void keepsTheNewestAndTheBestPerTaskAndNeverAnUnprobedCheckpoint() {
        List<EvalResult> results = new ArrayList<>();
        double[] garment = {0.60, 0.70, 0.72, 0.71, 0.69};
        double[] digit = {0.30, 0.45, 0.40, 0.40, 0.38};
        for (int i = 0; i < 5; i++) {
            results.add(result(100L * (i + 1), "garment", garment[i]));
            results.add(result(100L * (i + 1), "digit", digit[i]));
        }
        List<Long> stored = List.of(100L, 200L, 300L, 400L, 500L, 600L); // 600 not probed yet
        // keep: 500, 600 (newest two), 300 (best garment), 200 (best digit); 600 unprobed anyway
        assertEquals(Set.of(100L, 400L), CheckpointRetention.prunable(stored, results, 2));
        assertEquals(Set.of(100L, 400L, 500L), CheckpointRetention.prunable(stored, results, 1));
        assertEquals(Set.of(), CheckpointRetention.prunable(stored, results, 10));
    }

    @Test
    void aTieKeepsTheEarlierStepAndKeepLastMustBePositive() {
        List<EvalResult> results = List.of(result(1, "t", 0.5), result(2, "t", 0.5), result(3, "t", 0.4));
        assertEquals(Set.of(2L), CheckpointRetention.prunable(List.of(1L, 2L, 3L), results, 1));
        assertThrows(IllegalArgumentException.class, () -> CheckpointRetention.prunable(List.of(1L), results, 0));
    }
}
