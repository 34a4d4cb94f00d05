package io.featuredrop.evaluator.evaluation;

import io.featuredrop.service.ownership.OwnershipListener;
import io.featuredrop.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Instance;
import java.util.Set;

/**
 * The evaluator replica's share of the runs: those whose {@code fd.checkpoints} partition the
 * consumer group gave it; it probes only their checkpoints. A partition is given up only once the
 * probe in progress has published its results, so exactly one result per task and checkpoint holds
 * across rebalances (the next owner skips checkpoints whose results it finds on the topic).
 */
@Singleton
@Identifier(CheckpointsOwnership.NAME)
public class CheckpointsOwnership extends OwnershipListener {

    public static final String NAME = "evaluator-checkpoints-ownership";

    private final Instance<CheckpointEvaluation> evaluation;

    public CheckpointsOwnership(MeterRegistry metrics, Instance<CheckpointEvaluation> evaluation) {
        super(Topics.CHECKPOINTS, metrics);
        this.evaluation = evaluation;
    }

    @Override
    protected void gained(Set<Integer> partitions) {
    }

    @Override
    protected void gaveUp(Set<Integer> partitions) {
        evaluation.get().release();
    }
}
