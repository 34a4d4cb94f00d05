package io.featuredrop.augmenter.streaming;

import io.featuredrop.service.ownership.OwnershipListener;
import io.featuredrop.topics.Topics;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Identifier;
import jakarta.inject.Singleton;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.inject.Instance;
import java.util.Set;

/**
 * The augmenter replica's share of the runs: those whose {@code fd.view-gradients} partition the
 * consumer group gave it (the gradients of a run it streams come to it). Gained partitions' unfinished
 * runs resume from their newest checkpoint pair ({@link PartitionsGained}, handled off the poll
 * thread); the streams of partitions given up stop before the group may hand them on.
 */
@Singleton
@Identifier(StreamsOwnership.NAME)
public class StreamsOwnership extends OwnershipListener {

    public static final String NAME = "augmenter-streams-ownership";

    private final Instance<ViewStreaming> streaming;
    private final Event<PartitionsGained> gainedEvents;

    public StreamsOwnership(MeterRegistry metrics, Instance<ViewStreaming> streaming, Event<PartitionsGained> gainedEvents) {
        super(Topics.VIEW_GRADIENTS, metrics);
        this.streaming = streaming;
        this.gainedEvents = gainedEvents;
    }

    @Override
    protected void gained(Set<Integer> partitions) {
        gainedEvents.fireAsync(new PartitionsGained(partitions));
    }

    @Override
    protected void gaveUp(Set<Integer> partitions) {
        streaming.get().release(partitions);
    }
}
