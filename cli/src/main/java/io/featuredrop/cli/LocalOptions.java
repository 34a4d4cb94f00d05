package io.featuredrop.cli;

import io.featuredrop.broker.BrokerSettings;
import io.featuredrop.broker.LocalKafkaBroker;
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
        return new LocalKafkaBroker(new BrokerSettings(stateDir.resolve("broker"), port, controllerPort, BrokerSettings.defaultBrokerLib(), heapMb));
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
