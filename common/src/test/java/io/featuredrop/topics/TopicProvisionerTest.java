package io.featuredrop.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.broker.LocalKafkaBroker;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Against a real KRaft broker (auto-creation off), as every deployment creates them. */
@Tag("broker")
class TopicProvisionerTest {

    static LocalKafkaBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = LocalKafkaBroker.startEphemeral();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void createsEveryTopicWithItsSettingsAndIsIdempotent() throws Exception {
        List<String> first = TopicProvisioner.ensureTopics(broker.bootstrapServers(), 2);
        assertEquals(8, first.stream().filter(l -> l.startsWith("created")).count(), first.toString());
        List<String> second = TopicProvisioner.ensureTopics(broker.bootstrapServers(), 2);
        assertEquals(8, second.stream().filter(l -> l.startsWith("exists")).count(), second.toString());

        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertTrue(names.containsAll(Set.of(Topics.RUNS, Topics.RUN_STATUS, Topics.RUN_PROGRESS, Topics.VIEWS, Topics.VIEW_GRADIENTS,
                    Topics.CHECKPOINTS, Topics.EVAL_RESULTS, Topics.DLQ)), names.toString());
            Map<String, TopicDescription> d = admin.describeTopics(List.of(Topics.VIEWS, Topics.DLQ)).allTopicNames().get(30, TimeUnit.SECONDS);
            assertEquals(2, d.get(Topics.VIEWS).partitions().size());
            assertEquals(1, d.get(Topics.DLQ).partitions().size());

            Map<String, Config> cfg = admin.describeConfigs(
                    List.of(Topics.RUNS, Topics.RUN_STATUS, Topics.RUN_PROGRESS, Topics.VIEWS, Topics.EVAL_RESULTS, Topics.CHECKPOINTS).stream()
                            .map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).collect(Collectors.toList()))
                    .all().get(30, TimeUnit.SECONDS).entrySet().stream()
                    .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));
            for (String keepAll : List.of(Topics.RUNS, Topics.RUN_STATUS, Topics.EVAL_RESULTS, Topics.CHECKPOINTS)) {
                assertEquals("delete", cfg.get(keepAll).get("cleanup.policy").value(), keepAll);
                assertEquals("-1", cfg.get(keepAll).get("retention.ms").value(), keepAll + " keeps every record");
            }
            assertEquals("compact", cfg.get(Topics.RUN_PROGRESS).get("cleanup.policy").value(), "progress keeps each run's latest record");
            assertEquals("lz4", cfg.get(Topics.VIEWS).get("compression.type").value());
            assertEquals(Integer.toString(TopicCatalog.TENSOR_MAX_MESSAGE_BYTES), cfg.get(Topics.VIEWS).get("max.message.bytes").value());
            assertEquals("3600000", cfg.get(Topics.VIEWS).get("retention.ms").value(), "tensors are short-lived");
        }
    }
}
