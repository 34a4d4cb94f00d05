package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.topics.TopicCatalog;
import io.featuredrop.topics.TopicSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The deployment files, checked without Docker or a cluster: they parse, and everything they name
 * exists (services, ports, files, volumes, images, env vars, topics and their settings, alert rules).
 */
@Tag("system")
class DeployConfigTest {

    static final Path ROOT = Path.of(System.getProperty("featuredrop.repo.root", "..")).toAbsolutePath().normalize();
    static final ObjectMapper JSON = new ObjectMapper();
    static final Map<String, String> SERVICE_OF_COMPOSE = Map.of("augmenter", "augmenter-service", "trainer", "trainer-service", "evaluator", "evaluator-service");

    /** SnakeYAML (not Jackson's YAML parser) so that anchors and merge keys resolve as compose resolves them. */
    static JsonNode yaml(String path) throws IOException {
        return yamlFile(ROOT.resolve(path));
    }

    static JsonNode yamlFile(Path file) throws IOException {
        try (var in = Files.newBufferedReader(file)) {
            return JSON.valueToTree(new org.yaml.snakeyaml.Yaml().load(in));
        }
    }

    static List<JsonNode> yamlDocs(Path file) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (var in = Files.newBufferedReader(file)) {
            for (Object d : new org.yaml.snakeyaml.Yaml().loadAll(in)) {
                if (d != null) {
                    docs.add(JSON.valueToTree(d));
                }
            }
        }
        return docs;
    }

    static int httpPort(String module) throws IOException {
        Properties p = new Properties();
        try (var in = Files.newInputStream(ROOT.resolve(module + "/src/main/resources/application.properties"))) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("quarkus.http.port"));
    }

    /** Every FEATUREDROP_* variable the code or the image reads. */
    static Set<String> knownFeaturedropVariables() throws IOException {
        Set<String> known = new HashSet<>();
        Pattern var = Pattern.compile("FEATUREDROP_[A-Z_]+");
        List<Path> sources = new ArrayList<>();
        try (var files = Files.walk(ROOT)) {
            files.filter(f -> !f.toString().contains("/target/") && !f.toString().contains("/.featuredrop/") && !f.toString().contains("/.git/"))
                    .filter(f -> f.toString().endsWith("application.properties") || (f.toString().contains("/src/main/java/") && f.toString().endsWith(".java"))
                            || f.endsWith("Dockerfile") || f.endsWith("Dockerfile.jvm") || f.toString().endsWith(".sh"))
                    .forEach(sources::add);
        }
        for (Path f : sources) {
            Matcher m = var.matcher(Files.readString(f));
            while (m.find()) {
                known.add(m.group());
            }
        }
        return known;
    }

    @Test
    void composeNamesOnlyThingsThatExist() throws IOException {
        JsonNode compose = yaml("docker-compose.yml");
        JsonNode services = compose.get("services");
        Set<String> names = new HashSet<>();
        services.fieldNames().forEachRemaining(names::add);
        assertTrue(names.containsAll(List.of("kafka", "topics", "augmenter", "trainer", "evaluator", "prometheus", "grafana")), names.toString());
        Set<String> volumes = new HashSet<>();
        compose.get("volumes").fieldNames().forEachRemaining(volumes::add);
        Set<String> knownVars = knownFeaturedropVariables();
        for (Map.Entry<String, JsonNode> e : iterable(services)) {
            JsonNode s = e.getValue();
            if (s.has("depends_on")) {
                s.get("depends_on").fieldNames().forEachRemaining(d -> assertTrue(names.contains(d), e.getKey() + " depends on unknown " + d));
            }
            for (JsonNode v : s.path("volumes")) {
                String source = v.asText().split(":")[0];
                if (source.startsWith("./")) {
                    assertTrue(Files.exists(ROOT.resolve(source)), e.getKey() + ": no " + source);
                } else {
                    assertTrue(volumes.contains(source), e.getKey() + ": undeclared volume " + source);
                }
            }
            if (s.has("build")) {
                // Quarkus's convention: the module is the context, src/main/docker/Dockerfile.jvm copies its target/quarkus-app
                String module = s.get("build").get("context").asText().replaceFirst("^\\./", "");
                assertEquals(SERVICE_OF_COMPOSE.get(e.getKey()), module);
                assertEquals("src/main/docker/Dockerfile.jvm", s.get("build").get("dockerfile").asText());
                String dockerfile = Files.readString(ROOT.resolve(module).resolve("src/main/docker/Dockerfile.jvm"));
                assertTrue(dockerfile.contains("ARG BASE_IMAGE=eclipse-temurin:17-jre"), module + ": the public base by default");
                assertTrue(dockerfile.contains("COPY --chown=1001:0 target/quarkus-app/lib/") || dockerfile.contains("ARG APP_DIR=target/quarkus-app"), module + ": copies the built app");
                assertFalse(dockerfile.matches("(?s).*\\nRUN[^\\n]*mvn .*"), module + ": no Maven build (no network) inside the image build");
                assertTrue(Files.readString(ROOT.resolve(module).resolve(".dockerignore")).contains("*\n!target/quarkus-app"), module + ": .dockerignore");
                int port = httpPort(module);
                assertTrue(dockerfile.contains("EXPOSE " + port), module + " exposes its port");
                assertTrue(s.get("ports").get(0).asText().matches("127\\.0\\.0\\.1:\\$\\{FEATUREDROP_[A-Z]+_PORT:-" + port + "}:" + port),
                        e.getKey() + " publishes its own HTTP port on localhost: " + s.get("ports"));
                assertTrue(s.get("healthcheck").get("test").toString().contains("localhost:" + port + "/q/health/ready"), e.getKey());
                assertEquals("kafka:19092", s.get("environment").get("KAFKA_BOOTSTRAP_SERVERS").asText());
                assertTrue(s.has("mem_limit"), e.getKey() + " has a memory limit");
                assertTrue(s.get("environment").has("FEATUREDROP_THREADS"), e.getKey() + " caps its threads");
            }
            for (Map.Entry<String, JsonNode> env : iterable(s.path("environment"))) {
                if (env.getKey().startsWith("FEATUREDROP_") && !env.getKey().equals("FEATUREDROP_PARTITIONS")) {
                    assertTrue(knownVars.contains(env.getKey()), e.getKey() + " sets " + env.getKey() + ", which nothing reads");
                }
            }
        }
        JsonNode kafkaEnv = services.get("kafka").get("environment");
        assertEquals("false", kafkaEnv.get("KAFKA_AUTO_CREATE_TOPICS_ENABLE").asText());
        assertEquals(Integer.toString(TopicCatalog.TENSOR_MAX_MESSAGE_BYTES), kafkaEnv.get("KAFKA_MESSAGE_MAX_BYTES").asText());
        assertTrue(services.get("kafka").get("ports").get(0).asText().startsWith("127.0.0.1:"), "the broker is bound to localhost");
        assertValidClusterId(kafkaEnv.get("CLUSTER_ID").asText().replaceAll("^\\$\\{[A-Z_]+:-(.*)}$", "$1"));
        assertEquals("/var/lib/kafka/data", kafkaEnv.get("KAFKA_LOG_DIRS").asText(), "the broker writes to its volume");
        assertTrue(services.get("kafka").get("volumes").get(0).asText().endsWith(":/var/lib/kafka/data"));
        // one Kafka version everywhere: the image users run, the topics job, and the jars every test runs
        String kafkaVersion = Files.list(ROOT.resolve("local-kafka/target/broker-lib")).map(f -> f.getFileName().toString())
                .filter(f -> f.matches("kafka_2\\.13-[0-9.]+\\.jar")).findFirst().orElseThrow().replaceAll("kafka_2\\.13-|\\.jar", "");
        assertEquals("apache/kafka:" + kafkaVersion, services.get("kafka").get("image").asText());
        assertEquals("apache/kafka:" + kafkaVersion, services.get("topics").get("image").asText());
        JsonNode testOverride = yaml("docker-compose.test.yml").get("services");
        for (Map.Entry<String, JsonNode> e : iterable(testOverride)) {
            List<String> keys = new ArrayList<>();
            e.getValue().fieldNames().forEachRemaining(keys::add);
            assertEquals(List.of("image"), keys, "the test override swaps only images: " + e.getKey());
        }
        assertEquals("featuredrop/kafka-test:" + kafkaVersion, testOverride.get("kafka").get("image").asText());
        for (String k8s : List.of("deploy/k8s/base/kafka.yaml", "deploy/k8s/base/topics-job.yaml")) {
            Matcher image = Pattern.compile("image: (apache/kafka:\\S+)").matcher(Files.readString(ROOT.resolve(k8s)));
            assertTrue(image.find(), k8s);
            assertEquals("apache/kafka:" + kafkaVersion, image.group(1), k8s + ": the Kafka the tests run");
        }

        for (String override : List.of("docker-compose.gpu.yml", "docker-compose.sasl.yml", "docker-compose.test.yml")) {
            yaml(override).get("services").fieldNames().forEachRemaining(n -> assertTrue(names.contains(n), override + " overrides unknown " + n));
        }
        for (String script : List.of("deploy/k8s/base/create-topics.sh", "deploy/kafka/start-sasl.sh")) {
            assertTrue(Files.isRegularFile(ROOT.resolve(script)), script);
        }
    }

    /** `docker compose config` (v2) or `docker-compose config` (v1): compose's own schema and interpolation, no engine needed. */
    static List<String> composeCommand() {
        for (List<String> cmd : List.of(List.of("docker", "compose"), List.of("docker-compose"))) {
            try {
                List<String> version = new ArrayList<>(cmd);
                version.add("version");
                Process p = new ProcessBuilder(version).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return cmd;
                }
            } catch (IOException | InterruptedException e) {
                // not this one
            }
        }
        return null;
    }

    static int composeConfig(List<String> compose, Map<String, String> env, String... files) throws Exception {
        List<String> cmd = new ArrayList<>(compose);
        for (String f : files) {
            cmd.add("-f");
            cmd.add(f);
        }
        cmd.addAll(List.of("config", "-q"));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().remove("FEATUREDROP_KAFKA_PASSWORD");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "compose config finished");
        if (p.exitValue() != 0) {
            System.out.println(String.join(" ", cmd) + ": " + out);
        }
        return p.exitValue();
    }

    @Test
    void composeItselfAcceptsTheFilesAndTheSaslVariantNeedsItsPassword() throws Exception {
        List<String> compose = composeCommand();
        org.junit.jupiter.api.Assumptions.assumeTrue(compose != null,
                "compose validation skipped: neither `docker compose` nor `docker-compose` here (Debian: apt-get install docker-compose; scripts/test.sh does)");
        assertEquals(0, composeConfig(compose, Map.of(), "docker-compose.yml"));
        assertEquals(0, composeConfig(compose, Map.of(), "docker-compose.yml", "docker-compose.gpu.yml"));
        assertEquals(0, composeConfig(compose, Map.of("FEATUREDROP_KAFKA_PASSWORD", "test-only"), "docker-compose.yml", "docker-compose.sasl.yml"));
        assertTrue(composeConfig(compose, Map.of(), "docker-compose.yml", "docker-compose.sasl.yml") != 0, "no password, no SASL stack");
    }

    @Test
    void prometheusScrapesEveryServiceOnItsPortAndTheRulesMatchTheOperatorCopy() throws IOException {
        JsonNode prom = yaml("deploy/monitoring/prometheus.yml");
        // every replica of a service is found by DNS (compose answers a service name with all its containers)
        Map<String, String> targets = new TreeMap<>();
        for (JsonNode sd : prom.get("scrape_configs").get(0).get("dns_sd_configs")) {
            assertEquals("A", sd.get("type").asText());
            targets.put(sd.get("names").get(0).asText(), sd.get("names").get(0).asText() + ":" + sd.get("port").asInt());
        }
        assertEquals("/q/metrics", prom.get("scrape_configs").get(0).get("metrics_path").asText());
        JsonNode relabel = prom.get("scrape_configs").get(0).get("relabel_configs").get(0);
        java.util.regex.Pattern dnsNames = java.util.regex.Pattern.compile(relabel.get("regex").asText());
        for (Map.Entry<String, String> e : SERVICE_OF_COMPOSE.entrySet()) {
            assertEquals(e.getKey() + ":" + httpPort(e.getValue()), targets.get(e.getKey()));
            java.util.regex.Matcher m = dnsNames.matcher(e.getKey());
            assertTrue(m.matches(), e.getKey());
            // the service label the alerts select on, as Prometheus's relabelling ($1) makes it
            assertEquals(e.getValue(), relabel.get("replacement").asText().replace("$1", m.group(1)));
        }
        JsonNode alerts = yaml("deploy/monitoring/alerts.yml");
        JsonNode operator = yaml("deploy/monitoring/prometheus-rule.yaml");
        assertEquals(alerts.get("groups"), operator.get("spec").get("groups"), "prometheus-rule.yaml carries exactly alerts.yml's groups");
        List<String> names = new ArrayList<>();
        alerts.get("groups").get(0).get("rules").forEach(r -> names.add(r.get("alert").asText()));
        assertTrue(names.containsAll(List.of("FeaturedropRunStalled", "FeaturedropDeadLettersGrowing", "FeaturedropConsumerLag", "FeaturedropEvaluationFailed",
                "FeaturedropTargetDown", "FeaturedropTargetMissing", "FeaturedropServiceNotReady", "FeaturedropDeadLetterBurst", "FeaturedropDeadLetterCounterMissing")), names.toString());
        JsonNode dashboard = new ObjectMapper().readTree(ROOT.resolve("deploy/monitoring/dashboards/featuredrop.json").toFile());
        JsonNode ds = yaml("deploy/monitoring/grafana-provisioning/datasources/prometheus.yml").get("datasources").get(0);
        for (JsonNode panel : dashboard.get("panels")) {
            assertEquals(ds.get("uid").asText(), panel.get("datasource").get("uid").asText(), panel.get("title").asText());
            assertFalse(panel.get("targets").isEmpty());
        }
        assertEquals("run", dashboard.get("templating").get("list").get(0).get("name").asText(), "a run selector");
    }

    @Test
    void topicScriptCreatesTheCatalogsTopicsWithItsSettings() throws IOException {
        String script = Files.readString(ROOT.resolve("deploy/k8s/base/create-topics.sh"));
        Map<String, String> vars = new HashMap<>();
        Matcher v = Pattern.compile("(?m)^([A-Z]+)=\"([^\"]*)\"$").matcher(script);
        while (v.find()) {
            vars.put(v.group(1), v.group(2));
        }
        Map<String, Map<String, String>> scripted = new LinkedHashMap<>();
        Map<String, String> partitions = new HashMap<>();
        Matcher c = Pattern.compile("(?m)^create (\\S+) (\\S+) \"\\$([A-Z]+)\"$").matcher(script);
        while (c.find()) {
            Map<String, String> cfg = new TreeMap<>();
            for (String kv : vars.get(c.group(3)).split(",")) {
                cfg.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
            }
            scripted.put(c.group(1), cfg);
            partitions.put(c.group(1), c.group(2));
        }
        List<TopicSpec> catalog = TopicCatalog.topics(3);
        assertEquals(catalog.stream().map(TopicSpec::name).toList(), new ArrayList<>(scripted.keySet()));
        for (TopicSpec t : catalog) {
            assertEquals(new TreeMap<>(t.configs()), scripted.get(t.name()), t.name());
            assertEquals(t.partitions() == 1 ? "1" : "\"$P\"", partitions.get(t.name()), t.name());
        }
    }

    @Test
    void kubernetesManifestsAreConsistent() throws IOException {
        Path base = ROOT.resolve("deploy/k8s/base");
        JsonNode kustomization = yamlFile(base.resolve("kustomization.yaml"));
        Map<String, JsonNode> byKindName = new HashMap<>();
        for (JsonNode r : kustomization.get("resources")) {
            Path file = base.resolve(r.asText());
            assertTrue(Files.isRegularFile(file), "kustomization lists missing " + r.asText());
            for (JsonNode doc : yamlDocs(file)) {
                byKindName.put(doc.get("kind").asText() + "/" + doc.get("metadata").get("name").asText(), doc);
            }
        }
        for (JsonNode g : kustomization.get("configMapGenerator")) {
            for (JsonNode f : g.path("files")) {
                assertTrue(Files.isRegularFile(base.resolve(f.asText())), f.asText());
            }
        }
        Set<String> images = new HashSet<>();
        kustomization.get("images").forEach(i -> images.add(i.get("name").asText()));
        for (String module : SERVICE_OF_COMPOSE.values()) {
            JsonNode deployment = byKindName.get("Deployment/" + module);
            JsonNode service = byKindName.get("Service/" + module);
            assertTrue(deployment != null && service != null, module);
            int port = httpPort(module);
            JsonNode pod = deployment.get("spec").get("template");
            JsonNode container = pod.get("spec").get("containers").get(0);
            assertEquals(port, container.get("ports").get(0).get("containerPort").asInt(), module);
            assertEquals(port, service.get("spec").get("ports").get(0).get("port").asInt(), module);
            assertEquals(Integer.toString(port), pod.get("metadata").get("annotations").get("prometheus.io/port").asText());
            assertEquals("/q/health/ready", container.get("readinessProbe").get("httpGet").get("path").asText());
            assertEquals("/q/health/live", container.get("livenessProbe").get("httpGet").get("path").asText());
            assertTrue(images.contains(container.get("image").asText()), container.get("image").asText());
            assertTrue(container.get("securityContext").get("readOnlyRootFilesystem").asBoolean(), module);
            assertTrue(pod.get("spec").get("securityContext").get("runAsNonRoot").asBoolean(), module);
            assertEquals("featuredrop-checkpoints", pod.get("spec").get("volumes").get(0).get("persistentVolumeClaim").get("claimName").asText());
            assertEquals(deployment.get("spec").get("selector").get("matchLabels"), service.get("spec").get("selector"));
        }
        assertTrue(byKindName.containsKey("PersistentVolumeClaim/featuredrop-checkpoints"));
        assertTrue(byKindName.containsKey("Job/featuredrop-topics"));
        assertTrue(byKindName.containsKey("StatefulSet/kafka"));
        for (JsonNode env : byKindName.get("StatefulSet/kafka").get("spec").get("template").get("spec").get("containers").get(0).get("env")) {
            if (env.get("name").asText().equals("CLUSTER_ID")) {
                assertValidClusterId(env.get("value").asText());
            }
        }
        String bootstrap = null;
        for (JsonNode g : kustomization.get("configMapGenerator")) {
            for (JsonNode l : g.path("literals")) {
                if (l.asText().startsWith("KAFKA_BOOTSTRAP_SERVERS=")) {
                    bootstrap = l.asText().substring("KAFKA_BOOTSTRAP_SERVERS=".length());
                }
            }
        }
        assertEquals("kafka:9092", bootstrap);

        Path gpu = ROOT.resolve("deploy/k8s/overlays/gpu");
        JsonNode gpuK = yamlFile(gpu.resolve("kustomization.yaml"));
        JsonNode patch = yamlFile(gpu.resolve(gpuK.get("patches").get(0).get("path").asText()));
        assertEquals(1, patch.get("spec").get("template").get("spec").get("containers").get(0).get("resources").get("limits").get("nvidia.com/gpu").asInt());
        assertTrue(byKindName.containsKey("Deployment/" + patch.get("metadata").get("name").asText()));
        assertTrue(Files.isRegularFile(ROOT.resolve("deploy/k8s/overlays/cpu/kustomization.yaml")));

        // the Strimzi overlay: its topics are the catalog's, it deletes only base resources, the services use its user's secret
        Path strimzi = ROOT.resolve("deploy/k8s/overlays/strimzi");
        JsonNode strimziK = yamlFile(strimzi.resolve("kustomization.yaml"));
        Map<String, JsonNode> overlay = new HashMap<>();
        for (JsonNode r : strimziK.get("resources")) {
            if (!r.asText().startsWith("..")) {
                for (JsonNode doc : yamlDocs(strimzi.resolve(r.asText()))) {
                    overlay.put(doc.get("kind").asText() + "/" + doc.get("metadata").get("name").asText(), doc);
                }
            }
        }
        for (TopicSpec t : TopicCatalog.topics(TopicCatalog.DEFAULT_PARTITIONS)) {
            JsonNode kt = overlay.get("KafkaTopic/" + t.name().replace('.', '-'));
            assertTrue(kt != null, "KafkaTopic for " + t.name());
            assertEquals(t.name(), kt.get("spec").get("topicName").asText());
            assertEquals(t.partitions(), kt.get("spec").get("partitions").asInt(), t.name());
            Map<String, String> cfg = new TreeMap<>();
            kt.get("spec").get("config").fields().forEachRemaining(e -> cfg.put(e.getKey(), e.getValue().asText()));
            assertEquals(new TreeMap<>(t.configs()), cfg, t.name());
        }
        String kafkaName = overlay.keySet().stream().filter(k -> k.startsWith("Kafka/")).findFirst().orElseThrow().substring("Kafka/".length());
        assertTrue(strimziK.get("configMapGenerator").get(0).get("literals").toString().contains("KAFKA_BOOTSTRAP_SERVERS=" + kafkaName + "-kafka-bootstrap:9092"));
        for (JsonNode patchFile : strimziK.get("patches")) {
            for (JsonNode doc : yamlDocs(strimzi.resolve(patchFile.get("path").asText()))) {
                String key = doc.get("kind").asText() + "/" + doc.get("metadata").get("name").asText();
                assertTrue(byKindName.containsKey(key), "overlay patches " + key + ", which base does not have");
                if (doc.get("kind").asText().equals("Deployment")) {
                    JsonNode secret = doc.get("spec").get("template").get("spec").get("containers").get(0).get("env").get(0).get("valueFrom").get("secretKeyRef");
                    assertTrue(overlay.containsKey("KafkaUser/" + secret.get("name").asText()), "secret of a KafkaUser");
                }
            }
        }

        JsonNode monitoring = yaml("deploy/monitoring/kustomization.yaml");
        for (JsonNode r : monitoring.get("resources")) {
            assertTrue(Files.isRegularFile(ROOT.resolve("deploy/monitoring").resolve(r.asText())), r.asText());
        }
        assertTrue(Files.isRegularFile(ROOT.resolve("deploy/monitoring").resolve(monitoring.get("configMapGenerator").get(0).get("files").get(0).asText())));
    }

    /** KRaft cluster ids are 16 bytes, base64url without padding (22 characters); anything else fails the storage format. */
    static void assertValidClusterId(String id) {
        assertEquals(22, id.length(), id);
        assertEquals(16, java.util.Base64.getUrlDecoder().decode(id).length, id);
        assertFalse(id.startsWith("-"), "read as an option by the storage tool: " + id);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node instanceof ObjectNode o ? o::fields : List.<Map.Entry<String, JsonNode>>of()::iterator;
    }
}
