package io.featuredrop.cli;

import io.featuredrop.topics.TopicCatalog;
import io.featuredrop.topics.TopicProvisioner;
import io.featuredrop.topics.TopicSpec;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create the featuredrop topics with their settings on any broker (idempotent), or list them with --list.")
final class TopicsCommand implements Callable<Integer> {

    @Option(names = "--bootstrap", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}", description = "Kafka bootstrap servers (default: ${DEFAULT-VALUE})")
    String bootstrap;

    @Option(names = "--partitions", defaultValue = "" + TopicCatalog.DEFAULT_PARTITIONS, description = "partitions per topic (default: ${DEFAULT-VALUE})")
    int partitions;

    @Option(names = "--list", description = "only print the catalogue")
    boolean list;

    @Override
    public Integer call() {
        if (list) {
            for (TopicSpec t : TopicCatalog.topics(partitions)) {
                System.out.printf("%-18s %2d partitions  %s%n    %s%n", t.name(), t.partitions(), t.purpose(), t.configs());
            }
            return 0;
        }
        TopicProvisioner.ensureTopics(bootstrap, partitions).forEach(System.out::println);
        return 0;
    }
}
