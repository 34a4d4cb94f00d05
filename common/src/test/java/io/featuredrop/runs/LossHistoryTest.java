package io.featuredrop.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class LossHistoryTest {

    private static RunStatus progress(String run, long step, double loss) {
        return RunStatus.progress(run, "trainer", step, loss, 3.0);
    }

    @Test
    void aLongRunIsThinnedToEvenlySpacedRealStepsAndKeepsItsNewest() {
        LossHistory h = new LossHistory();
        for (long step = 1; step <= 10_007; step++) {
            h.accept(progress("long", step, 1000.0 / step));
        }
        LossHistory.Curve c = h.curve("long").orElseThrow();
        assertTrue(c.points().size() <= LossHistory.MAX_POINTS, c.points().size() + " points");
        assertTrue(c.points().size() > LossHistory.MAX_POINTS / 2, "thinned no more than needed: " + c.points().size());
        assertEquals(32, c.stride()); // 10,007 / 32 = 312 kept points; 16 would have kept 625
        for (int i = 0; i + 1 < c.points().size(); i++) {
            LossHistory.Point p = c.points().get(i);
            assertEquals(0, p.step() % c.stride(), "every kept step is a multiple of the stride");
            assertEquals(1000.0 / p.step(), p.loss(), "a real loss of that step, not an average");
            assertTrue(c.points().get(i + 1).step() > p.step(), "in step order");
        }
        assertEquals(new LossHistory.Point(10_007, 1000.0 / 10_007), c.points().get(c.points().size() - 1), "the newest step is shown");
    }

    @Test
    void aShortRunKeepsEveryStepAndOtherStatusesAreIgnored() {
        LossHistory h = new LossHistory();
        h.accept(RunStatus.of("r", RunState.RUNNING, "trainer", null));
        h.accept(progress("r", 1, 4.0));
        h.accept(progress("r", 2, Double.NaN)); // a non-finite loss fails the run; it has no place on a chart
        h.accept(progress("r", 3, 3.0));
        assertEquals(List.of(new LossHistory.Point(1, 4.0), new LossHistory.Point(3, 3.0)), h.curve("r").orElseThrow().points());
        assertTrue(h.curve("other").isEmpty());
    }

    @Test
    void aStepTrainedAgainAfterAResumeReplacesItsEarlierLoss() {
        LossHistory h = new LossHistory(4);
        for (long step = 1; step <= 6; step++) {
            h.accept(progress("r", step, 10 - step));
        }
        // 3 kept (steps 2, 4, 6 at stride 2) + the newest; then the run resumes from its checkpoint at step 4
        h.accept(progress("r", 5, 0.5));
        h.accept(progress("r", 6, 0.25));
        LossHistory.Curve c = h.curve("r").orElseThrow();
        assertEquals(2, c.stride());
        assertEquals(List.of(new LossHistory.Point(2, 8), new LossHistory.Point(4, 6), new LossHistory.Point(6, 0.25)), c.points());
    }

    @Test
    void theRunBoardKeepsTheLossOfEveryProgressItFolds() {
        RunBoard board = new RunBoard();
        board.apply(progress("r", 1, 2.5), null);
        assertEquals(List.of(new LossHistory.Point(1, 2.5)), board.losses().curve("r").orElseThrow().points());
    }
}
