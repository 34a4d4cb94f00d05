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
        return start(List.of("augmenter-service", "trainer-service", "evaluator-service"));
    }

    /** The broker and only the named services (e.g. the augmenter alone, to drive run intake without training). */
    static SystemStack start(List<String> names) throws Exception {
        return start(names, checkpoints -> { });
    }

    /** As {@link #start(List)}, calling {@code beforeServices} with the checkpoint store's directory before any service starts. */
    static SystemStack start(List<String> names, java.util.function.Consumer<Path> beforeServices) throws Exception {
        LocalKafkaBroker broker = LocalKafkaBroker.startEphemeral();
        try {
            TopicProvisioner.ensureTopics(broker.bootstrapServers(), 2);
            int[] ports = LocalKafkaBroker.freePorts(names.size());
            Path root = Path.of(System.getProperty("featuredrop.repo.root", "..")).toAbsolutePath().normalize();
            List<ServiceSpec> specs = new java.util.ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                specs.add(new ServiceSpec(names.get(i), ports[i]));
            }
            LocalStack stack = new LocalStack(root, Files.createTempDirectory("featuredrop-stack-"), specs);
            SystemStack system = new SystemStack(broker, stack);
            Files.createDirectories(stack.checkpointsDir());
            beforeServices.accept(stack.checkpointsDir());
            stack.start(broker.bootstrapServers(), Duration.ofSeconds(120));
            return system;
        } catch (Exception | Error e) {
            broker.close();
            throw e;
        }
    }

    ServiceSpec service(String name) {
        return stack.services().stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(name + " is not in this stack"));
    }

    /** Fails unless the service answers ready and live (HTTP 200 on /q/health/ready and /q/health/live). */
    void requireUp(String name) {
        ServiceSpec s = service(name);
        stack.get(s, "/q/health/ready");
        stack.get(s, "/q/health/live");
    }

    @Override
    public void close() {
        stack.stop(Duration.ofSeconds(30));
        broker.close();
    }
}
