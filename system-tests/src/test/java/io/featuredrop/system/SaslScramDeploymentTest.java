package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.broker.BrokerSettings;
import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.topics.TopicCatalog;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The SASL/SCRAM deployment, run outside Docker: the compose broker script ({@code deploy/kafka/start-sasl.sh})
 * on the Kafka jars, the topics script through SCRAM, the three packaged services and the CLI reaching
 * the broker only through the {@code KAFKA_*} variables docker-compose.sasl.yml sets; a run completes
 * and the evaluator serves its results.
 */
@Tag("system")
class SaslScramDeploymentTest {

    final List<Process> processes = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    /** bin/kafka-*.sh as in the apache/kafka image, over the broker jars the build already has. */
    static Path kafkaHome(Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = BrokerSettings.defaultBrokerLib().toAbsolutePath() + "/*";
        Map<String, String> mains = Map.of("kafka-storage.sh", "kafka.tools.StorageTool", "kafka-server-start.sh", "kafka.Kafka",
                "kafka-topics.sh", "org.apache.kafka.tools.TopicCommand");
        for (Map.Entry<String, String> e : mains.entrySet()) {
            Path script = bin.resolve(e.getKey());
            Files.writeString(script, "#!/usr/bin/env bash\nexec \"" + java + "\" -Xmx384m -XX:+UseSerialGC -cp \"" + cp + "\" " + e.getValue() + " \"$@\"\n");
            script.toFile().setExecutable(true);
        }
        return dir;
    }

    Admin admin(int port, String password) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "8000");
        if (password != null) {
            p.put("security.protocol", "SASL_PLAINTEXT");
            p.put("sasl.mechanism", "SCRAM-SHA-512");
            p.put("sasl.jaas.config", jaas(password));
        }
        return Admin.create(p);
    }

    static String jaas(String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"featuredrop\" password=\"" + password + "\";";
    }

    @Test
    void onlyScramClientsGetInAndARunCompletesOverScram() throws Exception {
        Path root = DeployConfigTest.ROOT;
        Path work = Files.createTempDirectory("featuredrop-sasl-");
        Path home = kafkaHome(work.resolve("kafka"));
        int[] ports = LocalKafkaBroker.freePorts(6);
        String password = UUID.randomUUID().toString().replace("-", "");
        ProcessBuilder broker = new ProcessBuilder("bash", root.resolve("deploy/kafka/start-sasl.sh").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("broker.log").toFile());
        broker.environment().putAll(Map.of("FEATUREDROP_KAFKA_PASSWORD", password, "KAFKA_HOME", home.toString(),
                "KAFKA_DATA_DIR", work.resolve("data").toString(), "KAFKA_ADVERTISED_HOST", "127.0.0.1", "KAFKA_WORK_DIR", work.toString(),
                "KAFKA_INTERNAL_PORT", Integer.toString(ports[0]), "KAFKA_EXTERNAL_PORT", Integer.toString(ports[1]),
                "KAFKA_CONTROLLER_PORT", Integer.toString(ports[2])));
        processes.add(broker.start());

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        boolean up = false;
        while (!up && System.nanoTime() < deadline) {
            try (Admin a = admin(ports[1], password)) {
                a.describeCluster().clusterId().get(8, TimeUnit.SECONDS);
                up = true;
            } catch (Exception e) {
                Thread.sleep(500);
            }
        }
        assertTrue(up, "SCRAM client reaches the broker; log: " + Files.readString(work.resolve("broker.log")));
        try (Admin wrong = admin(ports[1], "not-the-password")) {
            Exception e = assertThrows(Exception.class, () -> wrong.listTopics().names().get(10, TimeUnit.SECONDS));
            assertTrue(String.valueOf(e.getCause()).contains("Authentication failed"), String.valueOf(e));
        }
        try (Admin plain = admin(ports[1], null)) {
            assertThrows(Exception.class, () -> plain.listTopics().names().get(6, TimeUnit.SECONDS), "PLAINTEXT clients are not served");
        }

        // the topics job of compose and k8s, over SCRAM
        ProcessBuilder topics = new ProcessBuilder("bash", root.resolve("deploy/k8s/base/create-topics.sh").toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("topics.log").toFile());
        topics.environment().putAll(Map.of("KAFKA_BIN", home.resolve("bin").toString(), "KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ports[1],
                "FEATUREDROP_KAFKA_PASSWORD", password, "FEATUREDROP_PARTITIONS", "2"));
        Process t = topics.start();
        assertTrue(t.waitFor(180, TimeUnit.SECONDS), "topics script finished");
        assertEquals(0, t.exitValue(), Files.readString(work.resolve("topics.log")));
        try (Admin a = admin(ports[1], password)) {
            Set<String> names = a.listTopics().names().get(10, TimeUnit.SECONDS);
            assertTrue(names.containsAll(TopicCatalog.topics(2).stream().map(x -> x.name()).toList()), names.toString());
            Config views = a.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC, "fd.views"))).all().get(10, TimeUnit.SECONDS)
                    .values().iterator().next();
            assertEquals("lz4", views.get("compression.type").value());
            assertEquals(Integer.toString(TopicCatalog.TENSOR_MAX_MESSAGE_BYTES), views.get("max.message.bytes").value());
            assertEquals(2, a.describeTopics(List.of("fd.views")).allTopicNames().get().get("fd.views").partitions().size());
        }

        // the three packaged services, configured only by the variables docker-compose.sasl.yml sets
        Map<String, String> sasl = Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + ports[1], "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512", "KAFKA_SASL_JAAS_CONFIG", jaas(password));
        List<String> services = List.of("augmenter-service", "trainer-service", "evaluator-service");
        for (int i = 0; i < services.size(); i++) {
            String name = services.get(i);
            ProcessBuilder service = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1", "-jar",
                    root.resolve(name + "/target/quarkus-app/quarkus-run.jar").toString())
                    .directory(work.toFile()).redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile());
            service.environment().putAll(sasl);
            service.environment().putAll(Map.of("QUARKUS_HTTP_PORT", Integer.toString(ports[3 + i]), "OMP_NUM_THREADS", "1",
                    "FEATUREDROP_CHECKPOINTS_DIR", work.resolve("checkpoints").toString(), "FEATUREDROP_DATA_DIR", root.resolve("data").toString()));
            processes.add(service.start());
        }
        for (int i = 0; i < services.size(); i++) {
            int port = ports[3 + i];
            int status = 0;
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (status != 200 && System.nanoTime() < deadline) {
                try {
                    status = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready")).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode();
                } catch (java.io.IOException e) {
                    status = 0;
                }
                Thread.sleep(1000);
            }
            assertEquals(200, status, services.get(i) + " ready over SASL/SCRAM; log tail: " + tail(work.resolve(services.get(i) + ".log")));
        }

        // the CLI, with the same variables: publishes a run and follows it to COMPLETED over SCRAM
        Path config = work.resolve("run.json");
        Files.writeString(config, "{\"runId\":\"sasl-run\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"viewmaker\",\"steps\":12,"
                + "\"batchSize\":16,\"checkpointEvery\":6,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                + "\"probe\":{\"features\":\"pooled\",\"trainSize\":200,\"testSize\":100,\"epochs\":3}}");
        ProcessBuilder cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                "-cp", System.getProperty("java.class.path"), "io.featuredrop.cli.Featuredrop", "run", config.toString(), "--follow",
                "--follow-timeout", "300").redirectErrorStream(true).redirectOutput(work.resolve("cli.log").toFile());
        cli.environment().putAll(sasl);
        Process c = cli.start();
        processes.add(c);
        assertTrue(c.waitFor(360, TimeUnit.SECONDS), "the CLI finished following; log: " + tail(work.resolve("cli.log")));
        assertEquals(0, c.exitValue(), "run COMPLETED over SCRAM; CLI log: " + tail(work.resolve("cli.log"))
                + "\naugmenter: " + tail(work.resolve("augmenter-service.log")));

        // the evaluator (its end-offset admin client included) probed the final checkpoint over SCRAM
        int evaluatorPort = ports[5];
        String results = "";
        deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!(results.contains("\"step\":12,\"task\":\"digit\"") && results.contains("\"step\":12,\"task\":\"garment\""))
                && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            results = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + evaluatorPort + "/api/results/sasl-run")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        }
        assertTrue(results.contains("\"step\":12,\"task\":\"garment\"") && results.contains("\"step\":12,\"task\":\"digit\""),
                "results at step 12 for both tasks: " + results
                + "\nevaluator: " + tail(work.resolve("evaluator-service.log")));
    }

    static String tail(Path log) throws Exception {
        String s = Files.exists(log) ? Files.readString(log) : "";
        return s.substring(Math.max(0, s.length() - 3000));
    }

}
