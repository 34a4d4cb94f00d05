package io.featuredrop.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class VerdictTest {

    private static final Map<Long, Double> EXPERT = Map.of(0L, 0.228, 1L, 0.202, 2L, 0.205);

    @Test
    void saysWhichDirectionHoldsWithItsInterval() {
        Verdict v = Verdict.of(PairedDifference.of("viewmaker", Map.of(0L, 0.309, 1L, 0.326, 2L, 0.358), "expert", EXPERT), "digit");
        assertEquals(Verdict.Outcome.FIRST_HIGHER, v.outcome());
        assertEquals("viewmaker > expert on digit at 95% (viewmaker - expert +0.119, interval +0.029..+0.209, 3 seeds); the reverse does not hold",
                v.sentence());
        Verdict reverse = Verdict.of(PairedDifference.of("expert", EXPERT, "viewmaker", Map.of(0L, 0.309, 1L, 0.326, 2L, 0.358)), "digit");
        assertEquals(Verdict.Outcome.SECOND_HIGHER, reverse.outcome());
        assertEquals("viewmaker > expert on digit at 95% (expert - viewmaker -0.119, interval -0.209..-0.029, 3 seeds); the reverse does not hold",
                reverse.sentence());
    }

    @Test
    void anIntervalThatIncludesZeroIsNotSignificant() {
        Verdict v = Verdict.of(PairedDifference.of("viewmaker", Map.of(0L, 0.24, 1L, 0.19, 2L, 0.23), "expert", EXPERT), "digit");
        assertEquals(Verdict.Outcome.NOT_SIGNIFICANT, v.outcome());
        assertEquals("viewmaker vs expert on digit: not significant at 95%, interval includes 0 (viewmaker - expert +0.008, interval -0.038..+0.055, 3 seeds);"
                + " neither direction holds", v.sentence());
    }

    @Test
    void oneSeedAllowsNoInterval() {
        Verdict v = Verdict.of(PairedDifference.of("viewmaker", Map.of(3L, 0.30), "expert", Map.of(3L, 0.20)), "digit");
        assertEquals(Verdict.Outcome.NO_INTERVAL, v.outcome());
        assertEquals("viewmaker vs expert on digit: one seed (3), no interval possible (viewmaker - expert +0.100); run more seeds (--seeds N) to test"
                + " either direction", v.sentence());
        assertEquals(Verdict.Outcome.NO_PAIRS, Verdict.of(PairedDifference.of("a", Map.of(1L, 0.3), "b", Map.of(2L, 0.2)), "digit").outcome());
    }
}
