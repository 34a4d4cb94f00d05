package io.featuredrop.split;

import io.featuredrop.split.ViewBatchDecision.Verdict;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static io.featuredrop.split.ViewBatchDecision.decide;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class ViewBatchDecisionTest {

    @Test
    void streamIdsCarryStartStepAndOwnerEpoch() {
        for (long epoch : new long[] {0, 1, 77, ViewStreamId.MAX_EPOCH}) {
            for (long start : new long[] {0, 10, 0xFFFF_FFFFL}) {
                long id = ViewStreamId.next(start, epoch);
                assertTrue(id > 0, "ids are positive longs");
                assertEquals(start, ViewStreamId.startStep(id));
                assertEquals(epoch, ViewStreamId.epoch(id));
            }
        }
        assertEquals(0, ViewStreamId.epoch(ViewStreamId.next(5)));
        assertThrows(IllegalArgumentException.class, () -> ViewStreamId.next(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> ViewStreamId.next(0, -1));
    }

    @Test
    void aNewRunOrStreamStartsAtItsFirstBatch() {
        long s0 = ViewStreamId.next(0, 3);
        assertEquals(Verdict.START_STREAM, decide(false, null, -1, s0, 0));
        long s10 = ViewStreamId.next(10, 3);
        assertEquals(Verdict.START_STREAM, decide(false, s0, 3, s10, 10), "a rewind to step 10 replaces the followed stream");
        assertEquals(Verdict.START_STREAM, decide(false, ViewBatchDecision.AWAITING_STREAM, 3, s10, 10), "the stream asked for");
    }

    @Test
    void aMidStreamBatchOfAnUnfollowedRunResumesFromTheCheckpoints() {
        long s0 = ViewStreamId.next(0, 2);
        assertEquals(Verdict.RESUME_FROM_CHECKPOINT, decide(false, null, -1, s0, 7));
        assertEquals(Verdict.STALE, decide(false, ViewBatchDecision.AWAITING_STREAM, 2, s0, 8), "then waits for the new stream");
    }

    @Test
    void theFollowedStreamTrainsAndOthersAreStale() {
        long followed = ViewStreamId.next(10, 4);
        long other = ViewStreamId.next(0, 4);
        assertEquals(Verdict.TRAIN, decide(false, followed, 4, followed, 11));
        assertEquals(Verdict.TRAIN, decide(false, followed, 4, followed, 10), "a redelivered first batch is the encoder side's duplicate");
        assertEquals(Verdict.STALE, decide(false, followed, 4, other, 3));
    }

    @Test
    void aReplicaThatLostTheRunIsFencedEvenWhenItStartsANewStream() {
        long newOwner = ViewStreamId.next(10, 9);
        long zombie = ViewStreamId.next(20, 8);
        assertEquals(Verdict.FENCED, decide(false, newOwner, 9, zombie, 20));
        assertEquals(Verdict.FENCED, decide(false, null, 9, zombie, 21));
        assertEquals(Verdict.START_STREAM, decide(false, newOwner, 9, ViewStreamId.next(20, 10), 20), "a later owner is followed");
    }

    @Test
    void anEndedRunTrainsNothing() {
        long s = ViewStreamId.next(0, 1);
        assertEquals(Verdict.RUN_ENDED, decide(true, s, 1, s, 3));
        assertEquals(Verdict.RUN_ENDED, decide(true, null, -1, s, 0));
    }

    @Test
    void checkpointsEveryNStepsAndAtTheLast() {
        assertTrue(ViewBatchDecision.checkpointAfter(10, 10, 25));
        assertFalse(ViewBatchDecision.checkpointAfter(11, 10, 25));
        assertTrue(ViewBatchDecision.checkpointAfter(25, 10, 25));
        assertNotEquals(ViewStreamId.next(0, 1), ViewStreamId.next(0, 2));
    }
}
