package io.featuredrop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class PairedDifferenceTest {

    @Test
    void matchesScipysPairedInterval() {
        // the README's 3-seed demo, digit: viewmaker 0.309 / 0.326 / 0.358, expert 0.228 / 0.202 / 0.205 (seeds 0, 1, 2)
        // scipy 1.17.1: stats.ttest_rel(a, b).confidence_interval(0.95) = (0.029342608898364597, 0.20932405776830207)
        PairedDifference d = PairedDifference.of("viewmaker", Map.of(2L, 0.358, 0L, 0.309, 1L, 0.326),
                "expert", Map.of(0L, 0.228, 1L, 0.202, 2L, 0.205));
        assertEquals(List.of(0L, 1L, 2L), d.seeds());
        assertEquals(0.081, d.differences().get(0), 1e-12);
        assertEquals(0.11933333333333333, d.interval().mean(), 1e-12);
        assertEquals(0.029342608898364597, d.interval().low(), 1e-9);
        assertEquals(0.20932405776830207, d.interval().high(), 1e-9);
        assertEquals(List.of(), d.unmatched());
    }

    @Test
    void pairingBySeedRemovesWhatTheSeedDecides() {
        // a large seed effect shared by both groups: their own intervals overlap, their paired difference is clearly positive
        Map<Long, Double> a = Map.of(0L, 0.50, 1L, 0.70, 2L, 0.90);
        Map<Long, Double> b = Map.of(0L, 0.45, 1L, 0.66, 2L, 0.84);
        MeanInterval ia = MeanInterval.of(a.values());
        MeanInterval ib = MeanInterval.of(b.values());
        assertTrue(ia.low() < ib.high(), "group intervals overlap");
        PairedDifference d = PairedDifference.of("a", a, "b", b);
        assertTrue(d.interval().excludesZeroAbove(), d.interval().toString());
    }

    @Test
    void seedsOfOnlyOneGroupAreLeftOutAndListed() {
        PairedDifference d = PairedDifference.of("a", Map.of(3L, 0.6, 4L, 0.7, 5L, 0.8), "b", Map.of(4L, 0.5, 5L, 0.6, 7L, 0.1));
        assertEquals(List.of(4L, 5L), d.seeds());
        assertEquals(List.of(3L, 7L), d.unmatched());
        assertEquals(2, d.interval().n());
        PairedDifference none = PairedDifference.of("a", Map.of(1L, 0.5), "b", Map.of(2L, 0.5));
        assertNull(none.interval());
        PairedDifference one = PairedDifference.of("a", Map.of(1L, 0.5), "b", Map.of(1L, 0.4));
        assertFalse(one.interval().hasInterval());
    }
}
