package io.featuredrop.topics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the catalogue's topics with their settings (broker auto-creation is off), and brings
 * the settings of existing ones back to the catalogue. Idempotent: run it on every start.
 */
public final class TopicProvisioner {

    private TopicProvisioner() {
    }

    /**
     * On the broker at {@code bootstrapServers}, reached with the security settings of
     * {@link KafkaClientSettings#forBootstrap} (the {@code KAFKA_*} variables).
     * @return one line per topic saying what was done
     */
    public static List<String> ensureTopics(String bootstrapServers, int partitions) {
        Properties p = KafkaClientSettings.forBootstrap(bootstrapServers).clientProperties();
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "15000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        try (Admin admin = Admin.create(p)) {
            return ensureTopics(admin, TopicCatalog.topics(partitions));
        }
    }

    public static List<String> ensureTopics(Admin admin, Collection<TopicSpec> specs) {
        List<String> report = new ArrayList<>();
        try {
            Set<String> existing = admin.listTopics().names().get(60, TimeUnit.SECONDS);
            List<NewTopic> missing = specs.stream().filter(s -> !existing.contains(s.name()))
                    .map(s -> new NewTopic(s.name(), s.partitions(), (short) 1).configs(s.configs()))
                    .collect(Collectors.toList());
            for (NewTopic t : missing) {
                try {
                    admin.createTopics(List.of(t)).all().get(60, TimeUnit.SECONDS);
                    report.add("created " + t.name() + " (" + t.numPartitions() + " partitions)");
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                    report.add("exists " + t.name() + " (created concurrently)");
                }
            }
            for (TopicSpec s : specs) {
                if (existing.contains(s.name())) {
                    alignConfigs(admin, s);
                    report.add("exists " + s.name() + " (settings re-applied)");
                }
            }
            return report;
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not reach the broker to create topics within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        }
    }

    private static void alignConfigs(Admin admin, TopicSpec s) throws ExecutionException, InterruptedException, TimeoutException {
        ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, s.name());
        List<AlterConfigOp> ops = s.configs().entrySet().stream()
                .map(e -> new AlterConfigOp(new ConfigEntry(e.getKey(), e.getValue()), AlterConfigOp.OpType.SET))
                .collect(Collectors.toList());
        admin.incrementalAlterConfigs(Map.of(r, ops)).all().get(60, TimeUnit.SECONDS);
    }
}
