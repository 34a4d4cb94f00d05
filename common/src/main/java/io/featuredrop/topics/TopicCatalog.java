package io.featuredrop.topics;

import java.util.List;
import java.util.Map;

/**
 * The topics of DESIGN.md section 2 and their settings. Every event is keyed by runId, so a run's
 * events stay in one partition; the partition count is how far a sweep scales out.
 * <ul>
 *   <li>{@code fd.runs}: every record kept, not compacted: a compacted topic refuses records without a
 *       key, and users publish configs with kcat, often keyless (the augmenter keys every answer by
 *       runId and sends keyless garbage to fd.dlq instead);</li>
 *   <li>{@code fd.run-status}, {@code fd.checkpoints}, {@code fd.eval-results}: every record kept
 *       (no compaction, no time limit), since several records per run must survive and services
 *       rebuild their state from them; {@code fd.run-status} carries a run's lifecycle only (a few
 *       records per run), so replaying it on start costs the same after ten steps or a million;</li>
 *   <li>{@code fd.run-progress}: one PROGRESS per training step, compacted to each run's latest
 *       (which carries the run's thinned loss curve), so a restart reads one record per run plus
 *       the last ten minutes, not every step ever taken;</li>
 *   <li>{@code fd.views}, {@code fd.view-gradients}: large messages, lz4, kept one hour;</li>
 *   <li>{@code fd.dlq}: the original bytes of unreadable records, kept 30 days.</li>
 * </ul>
 */
public final class TopicCatalog {

    /** Enough for six replicas of a service (each owns the runs of its partitions); more partitions, more replicas. */
    public static final int DEFAULT_PARTITIONS = 6;
    /** Must not exceed the broker's message.max.bytes (the local broker allows 64 MiB). */
    public static final int TENSOR_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
    static final String KEEP_FOREVER = "-1";
    static final String ONE_HOUR = "3600000";
    static final String THIRTY_DAYS = "2592000000";

    private TopicCatalog() {
    }

    public static List<TopicSpec> topics(int partitions) {
        return List.of(
                new TopicSpec(Topics.RUNS, partitions, keepAll(), "run configs and commands (JSON), key runId"),
                new TopicSpec(Topics.RUN_STATUS, partitions, keepAll(), "ACCEPTED/REJECTED/REWIND/COMPLETED/... statuses (JSON)"),
                new TopicSpec(Topics.RUN_PROGRESS, partitions, latestPerRun(), "each step's PROGRESS with the loss curve so far (JSON), compacted to the latest per run"),
                new TopicSpec(Topics.VIEWS, partitions, tensors(), "two views per sample (safetensors)"),
                new TopicSpec(Topics.VIEW_GRADIENTS, partitions, tensors(), "dL/dviews back to the Viewmaker (safetensors)"),
                new TopicSpec(Topics.CHECKPOINTS, partitions, keepAll(), "checkpoint announcements (JSON: uri, sha256)"),
                new TopicSpec(Topics.EVAL_RESULTS, partitions, keepAll(), "linear-probe accuracy per checkpoint and task (JSON)"),
                new TopicSpec(Topics.DLQ, 1, Map.of(
                        "cleanup.policy", "delete",
                        "retention.ms", THIRTY_DAYS,
                        "max.message.bytes", Integer.toString(TENSOR_MAX_MESSAGE_BYTES)), "unreadable records, original bytes + error headers"));
    }

    private static Map<String, String> keepAll() {
        return Map.of("cleanup.policy", "delete", "retention.ms", KEEP_FOREVER, "retention.bytes", "-1");
    }

    /** Compacted: a closed segment (rolled after ten minutes) keeps only each key's latest record. */
    private static Map<String, String> latestPerRun() {
        return Map.of("cleanup.policy", "compact", "segment.ms", "600000", "min.cleanable.dirty.ratio", "0.5");
    }

    private static Map<String, String> tensors() {
        return Map.of(
                "cleanup.policy", "delete",
                "retention.ms", ONE_HOUR,
                "segment.ms", "600000",
                "compression.type", "lz4",
                "max.message.bytes", Integer.toString(TENSOR_MAX_MESSAGE_BYTES));
    }
}
