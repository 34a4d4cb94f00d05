package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Volume;
import io.featuredrop.wire.JsonEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.MountableFile;

/**
 * The images themselves, through Testcontainers ({@code GenericContainer} on the images
 * {@code scripts/docker-images.sh} builds offline; Ryuk is off, see the surefire environment in the pom, and
 * every container, network and volume is removed here): Kafka and the three services on a network
 * of their own, each service as uid 1001 on a read-only root filesystem with the compose volumes; a
 * run submitted through the dashboard's run form completes and the evaluator serves its results.
 * Skipped with the reason where no Docker engine answers.
 */
@Tag("system")
class ServiceImagesContainerTest {

    static final Path ROOT = DeployConfigTest.ROOT;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final List<GenericContainer<?>> containers = new ArrayList<>();
    final Set<String> volumes = new HashSet<>();
    Network network;

    @AfterEach
    void removeEverything() {
        for (int i = containers.size() - 1; i >= 0; i--) {
            containers.get(i).stop();
        }
        if (network != null) {
            network.close();
        }
        for (String v : volumes) {
            try {
                DockerClientFactory.instance().client().removeVolumeCmd(v).exec();
            } catch (RuntimeException e) {
                System.out.println("could not remove volume " + v + ": " + e.getMessage());
            }
        }
    }

    GenericContainer<?> service(String image, int port, String suffix) {
        String checkpoints = "fd-checkpoints-" + suffix;
        String djlCache = "fd-djl-cache-" + suffix;
        volumes.add(checkpoints);
        volumes.add(djlCache);
        GenericContainer<?> c = new GenericContainer<>(image)
                .withNetwork(network)
                .withNetworkAliases(image.replaceAll("^featuredrop/|-service:.*$", ""))
                .withEnv(Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka:19092", "FEATUREDROP_THREADS", "1"))
                .withExposedPorts(port)
                .withTmpFs(Map.of("/tmp", "rw"))
                // as compose runs them: read-only root, the checkpoint and engine-cache volumes seeded from the image
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withReadonlyRootfs(true).withMemory(1536L << 20)
                        .withBinds(new Bind(checkpoints, new Volume("/var/lib/featuredrop/checkpoints")),
                                new Bind(djlCache, new Volume("/var/cache/featuredrop/djl"))))
                .waitingFor(Wait.forHttp("/q/health/ready").forPort(port).withStartupTimeout(Duration.ofMinutes(4)));
        containers.add(c);
        return c;
    }

    @Test
    void theImagesRunARunSubmittedThroughTheDashboard() throws Exception {
        Assumptions.assumeTrue(ComposeUpTest.dockerEngine() && DockerClientFactory.instance().isDockerAvailable(),
                "container test skipped: no Docker engine answers, or Testcontainers cannot use it (bash scripts/docker-images.sh engine-start starts one)");
        ProcessBuilder build = new ProcessBuilder("bash", "scripts/docker-images.sh", "build").directory(ROOT.toFile()).inheritIO();
        assertEquals(0, build.start().waitFor(), "scripts/docker-images.sh build");
        String suffix = Long.toHexString(System.nanoTime() & 0xffffff);
        network = Network.newNetwork();

        GenericContainer<?> kafka = new GenericContainer<>("featuredrop/kafka-test:4.4.0")
                .withNetwork(network).withNetworkAliases("kafka")
                .withEnv(Map.ofEntries(Map.entry("CLUSTER_ID", "ZmVhdHVyZWRyb3AtY2x1cw"), Map.entry("KAFKA_NODE_ID", "1"),
                        Map.entry("KAFKA_PROCESS_ROLES", "broker,controller"),
                        Map.entry("KAFKA_LISTENERS", "INTERNAL://:19092,CONTROLLER://:9093"),
                        Map.entry("KAFKA_ADVERTISED_LISTENERS", "INTERNAL://kafka:19092"),
                        Map.entry("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP", "INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT"),
                        Map.entry("KAFKA_INTER_BROKER_LISTENER_NAME", "INTERNAL"), Map.entry("KAFKA_CONTROLLER_LISTENER_NAMES", "CONTROLLER"),
                        Map.entry("KAFKA_CONTROLLER_QUORUM_VOTERS", "1@kafka:9093"), Map.entry("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "false"),
                        Map.entry("KAFKA_MESSAGE_MAX_BYTES", "67108864"), Map.entry("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR", "1"),
                        Map.entry("KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR", "1"), Map.entry("KAFKA_TRANSACTION_STATE_LOG_MIN_ISR", "1"),
                        Map.entry("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0"), Map.entry("KAFKA_LOG_DIRS", "/var/lib/kafka/data")))
                .withCopyFileToContainer(MountableFile.forHostPath(ROOT.resolve("deploy/k8s/base/create-topics.sh")), "/tmp/create-topics.sh")
                .waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
        containers.add(kafka);
        kafka.start();
        Container.ExecResult topics = kafka.execInContainer("bash", "-c", "KAFKA_BOOTSTRAP_SERVERS=kafka:19092 FEATUREDROP_PARTITIONS=2 bash /tmp/create-topics.sh");
        assertEquals(0, topics.getExitCode(), topics.getStdout() + topics.getStderr());

        GenericContainer<?> augmenter = service("featuredrop/augmenter-service:0.1.0", 8081, suffix);
        GenericContainer<?> trainer = service("featuredrop/trainer-service:0.1.0", 8082, suffix);
        GenericContainer<?> evaluator = service("featuredrop/evaluator-service:0.1.0", 8080, suffix);
        for (GenericContainer<?> s : List.of(augmenter, trainer, evaluator)) {
            s.start();
            assertEquals("1001", s.execInContainer("id", "-u").getStdout().trim(), s.getDockerImageName() + " runs as uid 1001");
            assertNotEquals(0, s.execInContainer("touch", "/opt/featuredrop/app/x").getExitCode(), "read-only root filesystem");
        }

        String base = "http://" + evaluator.getHost() + ":" + evaluator.getMappedPort(8080);
        String runId = "images-" + suffix;
        String config = "{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"viewmaker+expert\",\"steps\":8,"
                + "\"batchSize\":16,\"checkpointEvery\":8,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                + "\"probe\":{\"features\":\"pooled\",\"trainSize\":200,\"testSize\":100,\"epochs\":3}}";
        HttpResponse<String> submitted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/run-configs"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(config)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, submitted.statusCode(), submitted.body());

        Set<String> tasks = new HashSet<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        while (tasks.size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(2000);
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/results/" + runId)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                for (JsonNode result : JsonEvents.mapper().readTree(r.body())) {
                    if (result.get("step").asLong() == 8) {
                        tasks.add(result.get("task").asText());
                    }
                }
            }
        }
        assertEquals(Set.of("digit", "garment"), tasks, "results at step 8; evaluator log tail: " + tail(evaluator.getLogs())
                + "\ntrainer log tail: " + tail(trainer.getLogs()));
        JsonNode run = JsonEvents.mapper().readTree(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/runs/" + runId)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("COMPLETED", run.get("state").asText(), run.toString());
        String files = trainer.execInContainer("sh", "-c", "find /var/lib/featuredrop/checkpoints -type f | grep -c '" + runId + "'").getStdout().trim();
        assertTrue(Integer.parseInt(files) >= 1, "the run's checkpoint files on the shared volume: " + files);
    }

    static String tail(String log) {
        return log.substring(Math.max(0, log.length() - 2000));
    }
}
