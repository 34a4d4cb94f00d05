package io.featuredrop.broker;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Where and how a local broker runs. Loopback only: the local default is PLAINTEXT, so it must
 * never listen on a routable address.
 *
 * @param dataDir    holds the KRaft log dirs, the broker log, its pid and port files
 * @param port       client (PLAINTEXT) port on 127.0.0.1
 * @param controllerPort KRaft controller port on 127.0.0.1
 * @param brokerLib  directory with the Kafka 4.4 server jars (local-kafka/target/broker-lib)
 * @param heapMb     broker JVM heap
 */
public record BrokerSettings(Path dataDir, int port, int controllerPort, Path brokerLib, int heapMb) {

    public static final int DEFAULT_PORT = 9092;
    /** Tensor batches are large: producers raise max.request.size, the broker must accept them. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

    public BrokerSettings {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(brokerLib, "brokerLib");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be in 1..65535, was " + port);
        }
        if (controllerPort < 1 || controllerPort > 65535 || controllerPort == port) {
            throw new IllegalArgumentException("controller port must be in 1..65535 and differ from the client port, was " + controllerPort);
        }
        if (heapMb < 128) {
            throw new IllegalArgumentException("heapMb must be at least 128, was " + heapMb);
        }
    }

    /**
     * The broker jars: system property {@code featuredrop.broker.lib}, else env
     * {@code FEATUREDROP_BROKER_LIB}, else {@code local-kafka/target/broker-lib} under the working directory.
     */
    public static Path defaultBrokerLib() {
        String prop = System.getProperty("featuredrop.broker.lib");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop);
        }
        String env = System.getenv("FEATUREDROP_BROKER_LIB");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of("local-kafka", "target", "broker-lib").toAbsolutePath();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }
}
