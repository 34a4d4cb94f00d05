package io.featuredrop.split;

/**
 * What the trainer does with one view batch of a known run (DESIGN.md section 2), decided without
 * Kafka or a model: the channel class only carries out the verdict.
 * <ul>
 *   <li>{@link Verdict#RUN_ENDED}: the run is terminal; stop training it.</li>
 *   <li>{@link Verdict#FENCED}: the batch's owner epoch is below one already seen for the run, so it
 *       comes from an augmenter replica that has lost the run; never trained.</li>
 *   <li>{@link Verdict#START_STREAM}: the first batch of a stream this trainer does not follow yet
 *       (new run, resume, rewind, new owner): continue from the stream's start step.</li>
 *   <li>{@link Verdict#RESUME_FROM_CHECKPOINT}: a mid-stream batch of a run this trainer is not
 *       training (it restarted, or the run's partition just moved here): continue from the newest
 *       checkpoint pair and ask the augmenter to stream from there.</li>
 *   <li>{@link Verdict#STALE}: the rest of a stream that has been replaced; never trained.</li>
 *   <li>{@link Verdict#TRAIN}: the next batch of the followed stream (duplicates and gaps are the
 *       encoder side's to refuse).</li>
 * </ul>
 */
public final class ViewBatchDecision {

    public enum Verdict { RUN_ENDED, FENCED, START_STREAM, RESUME_FROM_CHECKPOINT, STALE, TRAIN }

    /** Marks "no stream accepted yet": the trainer asked for a new stream and waits for its first batch. */
    public static final long AWAITING_STREAM = -1;

    private ViewBatchDecision() {
    }

    /**
     * @param runTerminal    whether the run's status is terminal
     * @param followed       the stream the trainer follows for the run, {@code null} when it trains none, or {@link #AWAITING_STREAM}
     * @param highestEpoch   the highest owner epoch seen on the run's streams, or -1
     * @param batchId        the batch's stream id
     * @param step           the batch's step
     */
    public static Verdict decide(boolean runTerminal, Long followed, long highestEpoch, long batchId, long step) {
        if (runTerminal) {
            return Verdict.RUN_ENDED;
        }
        if (ViewStreamId.epoch(batchId) < highestEpoch) {
            return Verdict.FENCED;
        }
        boolean streamStarts = step == ViewStreamId.startStep(batchId);
        if (streamStarts && (followed == null || followed != batchId)) {
            return Verdict.START_STREAM;
        }
        if (followed == null) {
            return Verdict.RESUME_FROM_CHECKPOINT;
        }
        return followed == batchId ? Verdict.TRAIN : Verdict.STALE;
    }

    /** Whether the step that makes {@code done} steps is followed by a checkpoint: every {@code every} steps, and the last. */
    public static boolean checkpointAfter(long done, long every, long steps) {
        return done % every == 0 || done >= steps;
    }
}
