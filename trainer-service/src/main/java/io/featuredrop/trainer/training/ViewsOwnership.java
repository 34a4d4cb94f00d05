package io.featuredrop.trainer.training;

import io.featuredrop.service.ownership.OwnershipListener;
import io.featuredrop.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import jakarta.enterprise.inject.Instance;
import java.util.Set;

/**
 * The trainer replica's share of the runs: those whose {@code fd.views} partition the consumer group
 * gave it. Nothing to do on assignment (a run's first batch here starts or resumes it); on
 * revocation the runs of the partitions given up are closed between two steps.
 */
@Singleton
@Identifier(ViewsOwnership.NAME)
public class ViewsOwnership extends OwnershipListener {

    public static final String NAME = "trainer-views-ownership";

    private final Instance<ViewTraining> training;

    public ViewsOwnership(MeterRegistry metrics, Instance<ViewTraining> training) {
        super(Topics.VIEWS, metrics);
        this.training = training;
    }

    @Override
    protected void gained(Set<Integer> partitions) {
    }

    @Override
    protected void gaveUp(Set<Integer> partitions) {
        training.get().release(partitions);
    }
}
