package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docker-compose for real: the users' {@code docker-compose.yml} with {@code docker-compose.test.yml}
 * (which swaps only image names for the offline-built Kafka and Prometheus) on the images of
 * {@code scripts/docker-images.sh}. A run published with a plain Kafka client completes, the
 * evaluator serves its results, Prometheus scrapes the three services and loaded the alert rules;
 * the trainer restarted mid-run does not stop the run; {@code down} and {@code up} keep runs, results
 * and checkpoints. Grafana is not started (no offline image). Skipped with the reason where no Docker
 * engine answers.
 */
@Tag("system")
class ComposeUpTest {

    static final Path ROOT = DeployConfigTest.ROOT;
    static final List<String> SERVICES = List.of("kafka", "topics", "augmenter", "trainer", "evaluator", "prometheus");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String project = "fdtest" + Long.toHexString(System.nanoTime() & 0xffffff);
    final Map<String, String> env = new HashMap<>();
    /** The compose files, in order: the users' file, optional overrides, the image swap last. */
    final List<String> files = new ArrayList<>(List.of("docker-compose.yml", "docker-compose.test.yml"));

    static boolean dockerEngine() {
        try {
            Process p = new ProcessBuilder("docker", "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    /** Compose v1 ({@code docker-compose}, what Debian ships) where present, else the v2 plugin. */
    static List<String> composeCommand() {
        try {
            Process p = new ProcessBuilder("docker-compose", "version").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0) {
                return List.of("docker-compose");
            }
        } catch (Exception ignored) {
            // not installed: try the plugin
        }
        return List.of("docker", "compose");
    }

    int run(long timeoutSeconds, List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).inheritIO();
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    String output(List<String> cmd) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    List<String> projectAndFiles() {
        List<String> out = new ArrayList<>(List.of("-p", project));
        files.forEach(f -> out.addAll(List.of("-f", f)));
        return out;
    }

    int compose(long timeoutSeconds, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(composeCommand());
        cmd.addAll(projectAndFiles());
        cmd.addAll(List.of(args));
        return run(timeoutSeconds, cmd);
    }

    String health(String service) throws Exception {
        List<String> cmd = new ArrayList<>(composeCommand());
        cmd.addAll(projectAndFiles());
        cmd.addAll(List.of("ps", "-q", service));
        String id = output(cmd);
        if (id.isBlank()) {
            return "absent";
        }
        return output(List.of("docker", "inspect", "--format", "{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}", id.lines().findFirst().orElseThrow()));
    }

    /** compose 1.29 has no {@code up --wait}: wait on the health checks as v2's --wait does. */
    void upAndHealthy(String why) throws Exception {
        long start = System.nanoTime();
        List<String> args = new ArrayList<>(List.of("up", "-d", "--no-build"));
        args.addAll(SERVICES);
        assertEquals(0, compose(900, args.toArray(String[]::new)), "compose up (" + why + ")");
        for (String s : List.of("kafka", "augmenter", "trainer", "evaluator")) {
            waitFor(Duration.ofMinutes(5), () -> call(() -> health(s).equals("healthy")), s + " healthy (" + why + ")");
        }
        System.out.printf("compose stack healthy in %.1f s (%s)%n", (System.nanoTime() - start) / 1e9, why);
    }

    static void waitFor(Duration timeout, BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for: " + what);
            }
            Thread.sleep(2000);
        }
    }

    interface Check {
        boolean get() throws Exception;
    }

    static boolean call(Check c) {
        try {
            return c.get();
        } catch (Exception e) {
            return false;
        }
    }

    static JsonNode getJson(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JsonEvents.mapper().readTree(r.body()) : null;
    }

    String url(String portVar, String path) {
        return "http://127.0.0.1:" + env.get(portVar) + path;
    }

    String runState(String runId) throws Exception {
        JsonNode run = getJson(url("FEATUREDROP_DASHBOARD_PORT", "/api/runs/" + runId));
        return run == null ? "unknown" : run.get("state").asText();
    }

    long runStep(String runId) throws Exception {
        JsonNode run = getJson(url("FEATUREDROP_TRAINER_PORT", "/api/runs/" + runId));
        return run == null ? -1 : run.path("latest").path("step").asLong(-1);
    }

    /** The engine, the images (built once, layers reused), free host ports and small per-service sizes. */
    void prepare() throws Exception {
        Assumptions.assumeTrue(dockerEngine(), "compose test skipped: no Docker engine answers (`docker info` failed); "
                + "bash scripts/docker-images.sh engine-start starts one; DeployConfigTest checked the compose files without it");
        assertEquals(0, run(1800, List.of("bash", "scripts/docker-images.sh", "build")), "scripts/docker-images.sh build");
        int[] ports = LocalKafkaBroker.freePorts(6);
        List<String> vars = List.of("FEATUREDROP_KAFKA_PORT", "FEATUREDROP_AUGMENTER_PORT", "FEATUREDROP_TRAINER_PORT",
                "FEATUREDROP_DASHBOARD_PORT", "FEATUREDROP_PROMETHEUS_PORT", "FEATUREDROP_GRAFANA_PORT");
        for (int i = 0; i < vars.size(); i++) {
            env.put(vars.get(i), Integer.toString(ports[i]));
        }
        // two cores here: one PyTorch thread per service, a smaller memory ceiling
        env.put("FEATUREDROP_THREADS", "1");
        env.put("FEATUREDROP_SERVICE_MEMORY", "1536m");
    }

    @Test
    void aRunCompletesThroughComposeSurvivesARestartAndDownUp() throws Exception {
        prepare();
        String bootstrap = "127.0.0.1:" + env.get("FEATUREDROP_KAFKA_PORT");
        String runId = "compose-" + project;
        try {
            upAndHealthy("first start");

            // a plain client, as kcat would: no key, no headers
            String config = "{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"viewmaker\",\"steps\":40,"
                    + "\"batchSize\":16,\"checkpointEvery\":10,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                    + "\"probe\":{\"features\":\"pooled\",\"trainSize\":200,\"testSize\":100,\"epochs\":5}}";
            TestKafka.publish(bootstrap, Topics.RUNS, null, config.getBytes(StandardCharsets.UTF_8), Map.of());
            waitFor(Duration.ofMinutes(3), () -> call(() -> runStep(runId) >= 5), "the trainer reaches step 5");

            long restartedAt = runStep(runId);
            String stateAtRestart = runState(runId);
            assertTrue(restartedAt < 40 && !stateAtRestart.equals("COMPLETED"), "restarted mid-run: step " + restartedAt + ", " + stateAtRestart);
            assertEquals(0, compose(300, "restart", "trainer"), "compose restart trainer");
            waitFor(Duration.ofMinutes(10), () -> call(() -> runState(runId).equals("COMPLETED")), "run COMPLETED after the trainer restarted at step " + restartedAt);
            waitFor(Duration.ofMinutes(5), () -> call(() -> resultTasks(runId, 40).size() == 2), "the evaluator serves both tasks' results at step 40");
            for (JsonNode r : getJson(url("FEATUREDROP_DASHBOARD_PORT", "/api/results/" + runId))) {
                double acc = r.get("accuracy").asDouble();
                assertTrue(acc >= 0 && acc <= 1, r.get("task") + " at " + r.get("step") + ": " + acc);
            }

            // Prometheus: all three targets UP, the alert rules loaded
            waitFor(Duration.ofMinutes(2), () -> call(() -> upTargets().containsAll(Set.of("augmenter-service", "trainer-service", "evaluator-service"))),
                    "Prometheus reports the three services UP");
            JsonNode rules = getJson(url("FEATUREDROP_PROMETHEUS_PORT", "/api/v1/rules"));
            List<String> alerts = new ArrayList<>();
            rules.get("data").get("groups").forEach(g -> g.get("rules").forEach(r -> alerts.add(r.get("name").asText())));
            assertTrue(alerts.containsAll(List.of("FeaturedropTargetDown", "FeaturedropRunFailed", "FeaturedropDeadLettersGrowing")), alerts.toString());

            // down (volumes kept) and up: runs, results and checkpoints are still there
            assertEquals(0, compose(600, "down"), "compose down");
            upAndHealthy("after down/up");
            waitFor(Duration.ofMinutes(2), () -> call(() -> runState(runId).equals("COMPLETED")), "the run is still COMPLETED after down/up");
            waitFor(Duration.ofMinutes(2), () -> call(() -> resultTasks(runId, 40).size() == 2), "results still served after down/up");
            List<String> cmd = new ArrayList<>(composeCommand());
            cmd.addAll(projectAndFiles());
            cmd.addAll(List.of("exec", "-T", "trainer",
                    "sh", "-c", "find /var/lib/featuredrop/checkpoints -name '*' -type f | grep -c " + runId));
            long files = Long.parseLong(output(cmd).lines().reduce((a, b) -> b).orElse("0").trim());
            assertTrue(files >= 4, "checkpoint files of the run kept on the volume: " + files);
        } finally {
            if (System.getenv("FEATUREDROP_KEEP_COMPOSE") == null) {
                compose(600, "down", "-v", "--remove-orphans");
            }
        }
    }

    @Test
    void aRunCompletesOverScramWithTheSaslOverride() throws Exception {
        prepare();
        files.add(1, "docker-compose.sasl.yml");
        String password = java.util.UUID.randomUUID().toString().replace("-", "");
        env.put("FEATUREDROP_KAFKA_PASSWORD", password);
        String runId = "compose-sasl-" + project;
        try {
            upAndHealthy("SASL/SCRAM");
            // the CLI from the host, with the variables the services get: SCRAM on the published port
            Path config = java.nio.file.Files.createTempFile("featuredrop-sasl-run", ".json");
            java.nio.file.Files.writeString(config, "{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"viewmaker\","
                    + "\"steps\":12,\"batchSize\":16,\"checkpointEvery\":6,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1,"
                    + "\"probe\":{\"features\":\"pooled\",\"trainSize\":200,\"testSize\":100,\"epochs\":3}}");
            List<String> cli = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
                    "-cp", System.getProperty("java.class.path"), "io.featuredrop.cli.Featuredrop", "run", config.toString(),
                    "--bootstrap", "127.0.0.1:" + env.get("FEATUREDROP_KAFKA_PORT"), "--follow", "--follow-timeout", "480");
            Map<String, String> saved = new HashMap<>(env);
            env.putAll(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                    "KAFKA_SASL_JAAS_CONFIG", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"featuredrop\" password=\""
                            + password + "\";"));
            int exit = run(600, cli);
            env.clear();
            env.putAll(saved);
            assertEquals(0, exit, "the run COMPLETED over SCRAM (CLI run --follow)");
            waitFor(Duration.ofMinutes(3), () -> call(() -> resultTasks(runId, 12).size() == 2), "the evaluator serves both tasks' results at step 12");
        } finally {
            if (System.getenv("FEATUREDROP_KEEP_COMPOSE") == null) {
                compose(600, "down", "-v", "--remove-orphans");
            }
        }
    }

    /** The tasks with a result at {@code step}. */
    Set<String> resultTasks(String runId, long step) throws Exception {
        JsonNode results = getJson(url("FEATUREDROP_DASHBOARD_PORT", "/api/results/" + runId));
        Set<String> tasks = new java.util.HashSet<>();
        if (results != null) {
            results.forEach(r -> {
                if (r.get("step").asLong() == step) {
                    tasks.add(r.get("task").asText());
                }
            });
        }
        return tasks;
    }

    Set<String> upTargets() throws Exception {
        JsonNode up = getJson(url("FEATUREDROP_PROMETHEUS_PORT", "/api/v1/query?query=up%3D%3D1"));
        Set<String> services = new java.util.HashSet<>();
        up.get("data").get("result").forEach(r -> services.add(r.get("metric").get("service").asText()));
        return services;
    }
}
