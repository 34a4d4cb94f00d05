package io.featuredrop.runs;

import io.featuredrop.events.RunProgress;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.wire.JsonEvents;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class ProgressFoldTest {

    /** What the trainer publishes after step {@code step}: the status and its curve so far. */
    private static byte[] progressAfter(LossHistory trainer, String runId, long step) {
        RunStatus s = RunStatus.progress(runId, "trainer-service", step, 10.0 / step, 2.5);
        trainer.accept(s);
        LossHistory.Curve c = trainer.curve(runId).orElseThrow();
        return JsonEvents.encode(RunProgress.of(s, c.stride(), c.points().stream().mapToLong(LossHistory.Point::step).toArray(),
                c.points().stream().mapToDouble(LossHistory.Point::loss).toArray()));
    }

    @Test
    void theLatestRecordAloneRebuildsTheRunsProgressAndWholeThinnedCurve() {
        LossHistory trainer = new LossHistory();
        byte[] latest = null;
        for (long step = 1; step <= 3000; step++) {
            latest = progressAfter(trainer, "r", step);
        }
        // after compaction only the latest record is left: a restarted service folds just that one
        RunBoard board = new RunBoard();
        ProgressFold fold = new ProgressFold(board);
        RunProgress p = fold.accept(latest, 0, 41);
        assertEquals(3000L, p.step());
        assertEquals(RunState.PROGRESS, board.get("r").orElseThrow().latest().state());
        assertEquals(3000L, board.get("r").orElseThrow().latest().step());
        assertEquals(trainer.curve("r").orElseThrow(), board.losses().curve("r").orElseThrow(), "the same curve as the trainer's");
        assertTrue(board.losses().curve("r").orElseThrow().points().size() <= LossHistory.MAX_POINTS);
        assertEquals(1, fold.position().records());
    }

    @Test
    void aProgressRecordReadsAsAStatusToo() {
        LossHistory trainer = new LossHistory();
        progressAfter(trainer, "r", 1);
        byte[] bytes = progressAfter(trainer, "r", 2);
        RunStatus s = JsonEvents.decode(bytes, RunStatus.class);
        assertEquals(RunState.PROGRESS, s.state());
        assertEquals(2L, s.step());
        assertEquals(5.0, s.loss());
        RunProgress p = JsonEvents.decode(bytes, RunProgress.class);
        assertArrayEquals(new long[] {1, 2}, p.curveSteps());
        assertNull(p.status().config());
    }

    @Test
    void progressAfterTheEndDoesNotReopenARunButKeepsItsCurve() {
        RunBoard board = new RunBoard();
        board.apply(RunStatus.of("r", RunState.COMPLETED, "trainer-service", "trained 2 steps"), null);
        LossHistory trainer = new LossHistory();
        progressAfter(trainer, "r", 1);
        new ProgressFold(board).accept(progressAfter(trainer, "r", 2), 0, 0);
        assertEquals(RunState.COMPLETED, board.get("r").orElseThrow().state());
        assertEquals(List.of(new LossHistory.Point(1, 10.0), new LossHistory.Point(2, 5.0)), board.losses().curve("r").orElseThrow().points());
    }

    @Test
    void stepsFoldedBeforeTheRunsAcceptedStay() {
        // two topics, two consumers: a restarted service may read a run's progress before its ACCEPTED
        RunBoard board = new RunBoard();
        LossHistory trainer = new LossHistory();
        new ProgressFold(board).accept(progressAfter(trainer, "r", 1), 0, 0);
        io.featuredrop.events.RunConfig config = io.featuredrop.config.RunConfigValidator.check(
                "{\"runId\":\"r\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"expert\",\"steps\":5}".getBytes(StandardCharsets.UTF_8)).config();
        board.apply(RunStatus.accepted(config, "augmenter-service"), "fd.runs-0@0");
        RunView v = board.get("r").orElseThrow();
        assertEquals(RunState.RUNNING, v.state());
        assertEquals(1L, v.latest().step());
        assertEquals(config, v.config());
    }

    @Test
    void unreadableRecordsAreCountedAndSkipped() {
        ProgressFold fold = new ProgressFold(new RunBoard());
        assertNull(fold.accept("not json".getBytes(StandardCharsets.UTF_8), 0, 0));
        assertNull(fold.accept("{\"schemaVersion\":1,\"runId\":\"r\",\"state\":\"COMPLETED\",\"step\":3}".getBytes(StandardCharsets.UTF_8), 0, 1));
        assertNull(fold.accept("{\"schemaVersion\":1,\"runId\":\"r\",\"state\":\"PROGRESS\",\"step\":3,\"curveStride\":1,\"curveSteps\":[1,2],\"curveLosses\":[1.0]}"
                .getBytes(StandardCharsets.UTF_8), 0, 2));
        assertEquals(3, fold.unreadableCount());
        assertEquals(3, fold.position().records());
    }
}
