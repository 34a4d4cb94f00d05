package io.featuredrop.cli;

import io.featuredrop.broker.BrokerSettings;
import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.cli.stack.StartedStacks;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the local stack keeps its state, and how to reach the broker. */
final class LocalOptions {

    @Option(names = "--state-dir", defaultValue = "${env:FEATUREDROP_HOME:-.featuredrop}",
            description = "local state: broker data, service logs, pid files (default: ${DEFAULT-VALUE})")
    Path stateDir;

    @Option(names = "--port", defaultValue = "9092", description = "broker client port on 127.0.0.1 (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--controller-port", defaultValue = "9093", description = "broker KRaft controller port (default: ${DEFAULT-VALUE})")
    int controllerPort;

    @Option(names = "--heap-mb", defaultValue = "512", description = "broker heap in MiB (default: ${DEFAULT-VALUE})")
    int heapMb;

    LocalKafkaBroker broker() {
        return brokerIn(stateDir);
    }

    /** The broker of another state directory, with these options' ports (stopping it needs only its pid file). */
    LocalKafkaBroker brokerIn(Path dir) {
        return new LocalKafkaBroker(new BrokerSettings(dir.resolve("broker"), port, controllerPort, BrokerSettings.defaultBrokerLib(), heapMb));
    }

    /** The state directory when no --state-dir is given (the same default as the option's). */
    static Path defaultStateDir() {
        String home = System.getenv("FEATUREDROP_HOME");
        return Path.of(home == null || home.isBlank() ? ".featuredrop" : home);
    }

    /**
     * Every state directory the CLI started something in: {@code .featuredrop/started-stacks} under the
     * repository root, one file per checkout (property {@code featuredrop.started.stacks} moves it, for tests).
     */
    static StartedStacks startedStacks() {
        String file = System.getProperty("featuredrop.started.stacks");
        return new StartedStacks(file != null && !file.isBlank() ? Path.of(file) : repoRoot().resolve(".featuredrop").resolve("started-stacks"));
    }

    String bootstrap() {
        return "127.0.0.1:" + port;
    }

    /** The repository root: where the packaged services live. */
    static Path repoRoot() {
        String root = System.getProperty("featuredrop.repo.root", System.getenv().getOrDefault("FEATUREDROP_REPO", "."));
        return Path.of(root).toAbsolutePath().normalize();
    }
}
