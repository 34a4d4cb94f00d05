package io.featuredrop.service.ownership;

import io.featuredrop.ownership.PartitionOwnership;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import java.util.Collection;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

/**
 * Keeps a {@link PartitionOwnership} in step with one channel's consumer-group assignment and tells
 * the service which partitions it gained or gave up. Runs on the consumer's poll thread: a
 * revocation returns only once the service has let go of the runs, so the next owner never works on
 * a run this replica is still working on. A subclass is a bean with an {@code @Identifier} that the
 * channel names in {@code consumer-rebalance-listener.name}.
 */
public abstract class OwnershipListener implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(OwnershipListener.class);

    protected final PartitionOwnership ownership;

    protected OwnershipListener(String topic, MeterRegistry metrics) {
        this.ownership = new PartitionOwnership(topic);
        Gauge.builder("featuredrop.owned.partitions", ownership, o -> o.owned().size()).tag("topic", topic)
                .description("partitions of the topic this replica owns, and so the runs it works on").register(metrics);
        Gauge.builder("featuredrop.owner.epoch", ownership, PartitionOwnership::epoch).tag("topic", topic)
                .description("consumer-group generation of this replica's latest assignment").register(metrics);
    }

    public PartitionOwnership ownership() {
        return ownership;
    }

    /** The service starts or resumes the runs of {@code partitions} (may hand the work to another thread). */
    protected abstract void gained(Set<Integer> partitions);

    /** The service stops the runs of {@code partitions} before returning. */
    protected abstract void gaveUp(Set<Integer> partitions);

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> mine = ofTopic(partitions);
        if (mine.isEmpty()) {
            return;
        }
        // metadata may lag partitions just added: never fewer than the assignment shows
        int count = Math.max(consumer.partitionsFor(ownership.topic()).size(), mine.stream().mapToInt(Integer::intValue).max().orElse(0) + 1);
        long generation = Math.max(0, consumer.groupMetadata().generationId());
        Set<Integer> fresh = ownership.assigned(mine, count, generation);
        LOG.infof("%s: now owns partitions %s of %d (epoch %d)", ownership.topic(), ownership.owned(), count, ownership.epoch());
        gained(fresh);
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        Set<Integer> gone = ownership.revoked(ofTopic(partitions));
        if (gone.isEmpty()) {
            return;
        }
        LOG.infof("%s: gives up partitions %s; still owns %s", ownership.topic(), gone, ownership.owned());
        gaveUp(gone);
    }

    private Set<Integer> ofTopic(Collection<TopicPartition> partitions) {
        return partitions.stream().filter(tp -> tp.topic().equals(ownership.topic())).map(TopicPartition::partition).collect(Collectors.toSet());
    }
}
