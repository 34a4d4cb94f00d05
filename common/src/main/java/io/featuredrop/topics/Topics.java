package io.featuredrop.topics;

/** Topic names (dots only: '_' and '.' collide in Kafka metric names). */
public final class Topics {
    public static final String RUNS = "fd.runs";
    public static final String RUN_STATUS = "fd.run-status";
    /** Each run's latest PROGRESS (compacted): the per-step stream kept off the lifecycle topic services replay. */
    public static final String RUN_PROGRESS = "fd.run-progress";
    public static final String VIEWS = "fd.views";
    public static final String VIEW_GRADIENTS = "fd.view-gradients";
    public static final String CHECKPOINTS = "fd.checkpoints";
    public static final String EVAL_RESULTS = "fd.eval-results";
    public static final String DLQ = "fd.dlq";

    private Topics() {
    }
}
