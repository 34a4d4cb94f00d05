package io.featuredrop.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class IntakeDecisionTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RunStatus published(IntakeDecision.Verdict v) {
        return assertInstanceOf(IntakeDecision.Publish.class, v).status();
    }

    @Test
    void acceptsOnceThenRejectsADuplicateWithoutTouchingTheAcceptedRun() {
        RunBoard board = new RunBoard();
        RunStatus first = published(IntakeDecision.decide(bytes("{\"runId\":\"a\",\"steps\":10}"), "fd.runs-0@0", board, "augmenter"));
        assertEquals(RunState.ACCEPTED, first.state());
        assertEquals(10, first.config().steps());
        board.apply(first, "fd.runs-0@0");

        RunStatus dup = published(IntakeDecision.decide(bytes("{\"runId\":\"a\",\"steps\":20}"), "fd.runs-0@1", board, "augmenter"));
        assertEquals(RunState.REJECTED, dup.state());
        assertTrue(dup.reason().contains("duplicate"), dup.reason());
        board.apply(dup, "fd.runs-0@1");
        assertEquals(RunState.ACCEPTED, board.get("a").orElseThrow().state(), "the duplicate's rejection leaves the run alone");
        assertEquals(10, board.get("a").orElseThrow().config().steps());
    }

    @Test
    void aRedeliveredRecordIsNotAnsweredTwice() {
        RunBoard board = new RunBoard();
        RunStatus s = published(IntakeDecision.decide(bytes("{\"runId\":\"b\"}"), "fd.runs-1@7", board, "augmenter"));
        board.apply(s, "fd.runs-1@7");
        assertInstanceOf(IntakeDecision.AlreadyAnswered.class, IntakeDecision.decide(bytes("{\"runId\":\"b\"}"), "fd.runs-1@7", board, "augmenter"));
    }

    @Test
    void aRejectedRunIdMayBeResubmittedFixed() {
        RunBoard board = new RunBoard();
        RunStatus bad = published(IntakeDecision.decide(bytes("{\"runId\":\"c\",\"steps\":0}"), "s1", board, "augmenter"));
        assertEquals(RunState.REJECTED, bad.state());
        board.apply(bad, "s1");
        RunStatus good = published(IntakeDecision.decide(bytes("{\"runId\":\"c\",\"steps\":5}"), "s2", board, "augmenter"));
        assertEquals(RunState.ACCEPTED, good.state());
        board.apply(good, "s2");
        assertEquals(RunState.ACCEPTED, board.get("c").orElseThrow().state());
    }

    @Test
    void garbageGoesToTheDeadLetterTopic() {
        IntakeDecision.DeadLetter d = assertInstanceOf(IntakeDecision.DeadLetter.class,
                IntakeDecision.decide(new byte[] {1, 2, 3}, "s", new RunBoard(), "augmenter"));
        assertTrue(d.reason().contains("not JSON"), d.reason());
    }

    @Test
    void progressMovesAnAcceptedRunToRunning() {
        RunBoard board = new RunBoard();
        RunStatus s = published(IntakeDecision.decide(bytes("{\"runId\":\"d\"}"), "s", board, "augmenter"));
        board.apply(s, "s");
        board.apply(RunStatus.progress("d", "trainer", 3, 1.5, 2.0), null);
        RunView v = board.get("d").orElseThrow();
        assertEquals(RunState.RUNNING, v.state());
        assertEquals(3L, v.latest().step());
        board.apply(RunStatus.of("d", RunState.COMPLETED, "trainer", null), null);
        assertEquals(RunState.COMPLETED, board.get("d").orElseThrow().state());
        assertEquals(1, board.count(RunState.COMPLETED));
    }

    @Test
    void cancelEndsAnUnfinishedRunAndNothingLaterReopensIt() {
        RunBoard board = new RunBoard();
        board.apply(published(IntakeDecision.decide(bytes("{\"runId\":\"e\"}"), "s", board, "augmenter")), "s");
        RunStatus cancelled = published(IntakeDecision.decide(bytes("{\"command\":\"CANCEL\",\"runId\":\"e\"}"), "s2", board, "augmenter"));
        assertEquals(RunState.CANCELLED, cancelled.state());
        board.apply(cancelled, null);
        board.apply(RunStatus.progress("e", "trainer", 4, 1.0, 1.0), null);
        board.apply(RunStatus.of("e", RunState.COMPLETED, "trainer", null), null);
        assertEquals(RunState.CANCELLED, board.get("e").orElseThrow().state(), "a step in flight does not reopen a cancelled run");
        IntakeDecision.DeadLetter again = assertInstanceOf(IntakeDecision.DeadLetter.class,
                IntakeDecision.decide(bytes("{\"command\":\"CANCEL\",\"runId\":\"e\"}"), "s3", board, "augmenter"));
        assertTrue(again.reason().contains("already CANCELLED"), again.reason());
    }

    @Test
    void badCommandsGoToTheDeadLetterTopicWithTheReason() {
        RunBoard board = new RunBoard();
        String[][] cases = {
                {"{\"command\":\"CANCEL\",\"runId\":\"nobody\"}", "no such run"},
                {"{\"command\":\"PAUSE\",\"runId\":\"x\"}", "unknown command 'PAUSE'"},
                {"{\"command\":\"CANCEL\"}", "needs a runId"},
                {"{\"command\":\"CANCEL\",\"runId\":\"x\",\"steps\":3}", "unknown field 'steps'"}};
        for (String[] c : cases) {
            IntakeDecision.DeadLetter d = assertInstanceOf(IntakeDecision.DeadLetter.class, IntakeDecision.decide(bytes(c[0]), "s", board, "augmenter"), c[0]);
            assertTrue(d.reason().contains(c[1]), c[0] + " -> " + d.reason());
        }
    }
}
