package io.featuredrop.testing;

import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.topics.TopicProvisioner;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * A real KRaft broker (its own JVM, free ports, fresh data) for a Quarkus test, with the
 * featuredrop topics created as in production; Dev Services stay off.
 */
public class KafkaBrokerTestResource implements QuarkusTestResourceLifecycleManager {

    private LocalKafkaBroker broker;

    @Override
    public Map<String, String> start() {
        broker = LocalKafkaBroker.startEphemeral();
        TopicProvisioner.ensureTopics(broker.bootstrapServers(), 1);
        return Map.of("kafka.bootstrap.servers", broker.bootstrapServers());
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
        }
    }
}
