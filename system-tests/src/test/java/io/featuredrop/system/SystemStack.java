package io.featuredrop.system;

import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.topics.TopicProvisioner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The system under test: a real KRaft broker with the topics, and the three packaged services as
 * processes on free ports with a temporary state directory (logs, pid files, checkpoint store).
 */
final class SystemStack implements AutoCloseable {

    final LocalKafkaBroker broker;
    final LocalStack stack;

    private SystemStack(LocalKafkaBroker broker, LocalStack stack) {
        this.broker = broker;
        this.stack = stack;
    }

    static SystemStack start() throws Exception {
        LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral();
        try {
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), 2);
            int[] ports = LocalKafkaBroker.freePorts(3);
            Path root = Path.of(System.getProperty("featuredrop.repo.root", "..")).toAbsolutePath().normalize();
            LocalStack stack = new LocalStack(root, Files.createTempDirectory("featuredrop-stack-"), List.of(
                    new ServiceSpec("augmenter-service", ports[0]), new ServiceSpec("trainer-service", ports[1]),
                    new ServiceSpec("evaluator-service", ports[2])));
            SystemStack system = new SystemStack(broker, stack);
            stack.start(broker.bootstrapServers(), Duration.ofSeconds(120));
            return system;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    @Override
    public void close() {
        stack.stop(Duration.ofSeconds(30));
        broker.close();
    }
}
