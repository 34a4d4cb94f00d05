package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.JacksonAnnotationIntrospector;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import io.fabric8.openshift.api.model.monitoring.v1.PrometheusRule;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import io.strimzi.api.kafka.model.common.template.ContainerTemplate;
import io.strimzi.api.kafka.model.common.template.PodTemplate;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.kafka.entityoperator.EntityOperatorTemplate;
import io.strimzi.api.kafka.model.kafka.listener.GenericKafkaListener;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePoolTemplate;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Kubernetes manifests as a cluster would get them: every kustomization (base, the cpu, gpu and
 * strimzi overlays, the rwx-checkpoints component on an overlay, monitoring) is rendered by
 * {@code kubectl kustomize}, and every rendered object is parsed strictly into its typed model
 * (fabric8's kubernetes-model for Kubernetes and the Prometheus Operator, Strimzi's api module for
 * its custom resources): an unknown kind, an unknown apiVersion, or a field that the model does not
 * have (a typo, a field one level off) fails. Then the rules the deployment must keep: namespace on
 * every namespaced object, the restricted Pod Security Standard on every pod, replicas that share runs
 * by partition (no more than the partitions, rolling updates) and Recreate for the GPU trainer, the broker's headless Service and log directory, the checkpoint claim, and
 * NetworkPolicies that allow exactly the traffic the deployment needs. Skipped with a message when
 * kubectl is not on the PATH. Nothing is applied to a cluster.
 */
@Tag("system")
class KubernetesManifestsTest {

    static final Path DEPLOY = DeployConfigTest.ROOT.resolve("deploy");
    static final Path K8S = DEPLOY.resolve("k8s");
    static final String NAMESPACE = "featuredrop";
    static final List<String> SERVICES = List.of("augmenter-service", "trainer-service", "evaluator-service");
    static final List<String> OVERLAYS = List.of("cpu", "gpu", "strimzi");

    /** Every kind the manifests may contain, each with its typed model; the model's apiVersion is the only one accepted. */
    static final List<Class<? extends HasMetadata>> MODELS = List.of(Namespace.class, ConfigMap.class, Service.class,
            PersistentVolumeClaim.class, Deployment.class, StatefulSet.class, Job.class, NetworkPolicy.class,
            ServiceMonitor.class, PrometheusRule.class, Kafka.class, KafkaNodePool.class, KafkaTopic.class, KafkaUser.class);
    static final Map<String, Class<? extends HasMetadata>> MODEL_OF = new LinkedHashMap<>();

    /**
     * Strimzi's classes serve every version of their CRD (their annotation names the storage version,
     * v1 for KafkaTopic and KafkaUser, v1beta2 for Kafka and KafkaNodePool in 0.49): the two versions
     * that Strimzi 0.49 serves for all four kinds are accepted.
     */
    static final List<String> STRIMZI_VERSIONS = List.of("v1beta2", "v1");

    static {
        for (Class<? extends HasMetadata> c : MODELS) {
            if ("kafka.strimzi.io".equals(HasMetadata.getGroup(c))) {
                for (String v : STRIMZI_VERSIONS) {
                    MODEL_OF.put(HasMetadata.getGroup(c) + "/" + v + " " + HasMetadata.getKind(c), c);
                }
            } else {
                MODEL_OF.put(HasMetadata.getApiVersion(c) + " " + HasMetadata.getKind(c), c);
            }
        }
    }

    /** Reads the manifests; the models keep unknown fields in additionalProperties (their any-setters) instead of failing. */
    static final ObjectMapper READ = new ObjectMapper();
    /**
     * Writes the models back without their additionalProperties and with every property, default or
     * null (the models' own inclusion rules would leave out, say, {@code deleteClaim: false}): a field
     * of the manifest that is missing here is not a field of the model.
     */
    static final ObjectMapper WRITE = new ObjectMapper().setAnnotationIntrospector(new JacksonAnnotationIntrospector() {
        @Override
        public Boolean hasAnyGetter(Annotated a) {
            return Boolean.FALSE;
        }

        @Override
        public JsonInclude.Value findPropertyInclusion(Annotated a) {
            return JsonInclude.Value.construct(JsonInclude.Include.ALWAYS, JsonInclude.Include.ALWAYS);
        }
    });

    static final Map<String, List<HasMetadata>> RENDERED = new ConcurrentHashMap<>();

    // ------------------------------------------------------------------ rendering and strict parsing

    static Optional<Path> kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "kubectl");
            if (Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** {@code kubectl kustomize dir} (kustomize 5 is built into kubectl >= 1.27), or the test is skipped. */
    static String kustomize(Path dir) throws IOException, InterruptedException {
        Optional<Path> kubectl = kubectl();
        Assumptions.assumeTrue(kubectl.isPresent(),
                "kubectl not on PATH (it bundles kustomize 5; e.g. the Debian/Ubuntu package kubectl or a release binary): "
                        + "the Kubernetes manifests are not rendered and not checked");
        Path err = Files.createTempFile("kustomize", ".err");
        try {
            Process p = new ProcessBuilder(kubectl.get().toString(), "kustomize", dir.toString())
                    .redirectError(err.toFile()).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "kubectl kustomize " + dir + " did not finish");
            assertEquals(0, p.exitValue(), "kubectl kustomize " + dir + " failed:\n" + Files.readString(err));
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }

    /** Renders a kustomization (path relative to deploy/) once per test JVM and parses every object strictly. */
    static List<HasMetadata> rendered(String kustomization) throws IOException, InterruptedException {
        List<HasMetadata> cached = RENDERED.get(kustomization);
        if (cached == null) {
            cached = parseAll(kustomize(DEPLOY.resolve(kustomization)), kustomization);
            RENDERED.put(kustomization, cached);
        }
        return cached;
    }

    static List<HasMetadata> parseAll(String yaml, String source) throws IOException {
        List<HasMetadata> objects = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        try (var docs = new YAMLMapper().readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc == null || doc.isNull() || doc.isEmpty()) {
                    continue;
                }
                try {
                    objects.add(parseStrict(doc));
                } catch (IllegalArgumentException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        assertTrue(problems.isEmpty(), source + ":\n" + String.join("\n", problems));
        assertFalse(objects.isEmpty(), source + " rendered nothing");
        return objects;
    }

    /**
     * One manifest into its typed model: the kind and apiVersion must have a model, the types must fit
     * (Jackson fails otherwise), and every field of the manifest, at any depth, must be a field of the
     * model, which the model's re-serialisation without additionalProperties shows.
     */
    static HasMetadata parseStrict(JsonNode doc) {
        String apiVersion = doc.path("apiVersion").asText();
        String kind = doc.path("kind").asText();
        String what = kind + "/" + doc.path("metadata").path("name").asText() + " (" + apiVersion + ")";
        Class<? extends HasMetadata> model = MODEL_OF.get(apiVersion + " " + kind);
        if (model == null) {
            throw new IllegalArgumentException(what + ": no typed model for this apiVersion and kind; known: " + MODEL_OF.keySet());
        }
        HasMetadata parsed;
        JsonNode written;
        try {
            parsed = READ.treeToValue(doc, model);
            written = WRITE.valueToTree(parsed);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(what + ": does not fit " + model.getName() + ": " + e.getMessage(), e);
        }
        // apiVersion and kind chose the model above (Strimzi's classes write their storage version back)
        ObjectNode fields = ((ObjectNode) doc).deepCopy();
        fields.remove(List.of("apiVersion", "kind"));
        List<String> unknown = new ArrayList<>();
        unknownFields(fields, written, "", unknown);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(what + ": fields that " + model.getSimpleName() + " does not have (misspelt or misplaced): " + unknown);
        }
        return parsed;
    }

    /** Every path of {@code given} that the typed model did not keep as a field of its own. */
    static void unknownFields(JsonNode given, JsonNode kept, String path, List<String> unknown) {
        if (given == null || given.isNull()) {
            return;
        }
        if (given.isObject()) {
            if (kept == null || !kept.isObject()) {
                unknown.add(path.isEmpty() ? "." : path);
                return;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = given.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> f = it.next();
                String p = path + "." + f.getKey();
                if (!kept.has(f.getKey()) && !(f.getValue().isNull())) {
                    unknown.add(p);
                } else {
                    unknownFields(f.getValue(), kept.get(f.getKey()), p, unknown);
                }
            }
        } else if (given.isArray()) {
            if (kept == null || !kept.isArray() || kept.size() != given.size()) {
                unknown.add(path + "[]");
                return;
            }
            for (int i = 0; i < given.size(); i++) {
                unknownFields(given.get(i), kept.get(i), path + "[" + i + "]", unknown);
            }
        } else if (kept == null || !given.asText().equals(kept.asText())) {
            // scalars: the model may write 1 as "1" (a Quantity) but must keep the value
            unknown.add(path + " (" + given + " became " + kept + ")");
        }
    }

    static HasMetadata parseYaml(String yaml) throws IOException {
        return parseStrict(new YAMLMapper().readTree(yaml));
    }

    static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        List<T> found = all(objects, type).stream().filter(o -> name.equals(o.getMetadata().getName())).toList();
        assertEquals(1, found.size(), type.getSimpleName() + "/" + name);
        return found.get(0);
    }

    static Optional<StatefulSet> kafkaStatefulSet(List<HasMetadata> objects) {
        return all(objects, StatefulSet.class).stream().filter(s -> s.getMetadata().getName().equals("kafka")).findFirst();
    }

    /** The pod templates of every workload, by kind/name. */
    static Map<String, PodTemplateSpec> podTemplates(List<HasMetadata> objects) {
        Map<String, PodTemplateSpec> pods = new LinkedHashMap<>();
        all(objects, Deployment.class).forEach(d -> pods.put("Deployment/" + d.getMetadata().getName(), d.getSpec().getTemplate()));
        all(objects, StatefulSet.class).forEach(s -> pods.put("StatefulSet/" + s.getMetadata().getName(), s.getSpec().getTemplate()));
        all(objects, Job.class).forEach(j -> pods.put("Job/" + j.getMetadata().getName(), j.getSpec().getTemplate()));
        return pods;
    }

    // ------------------------------------------------------------------ rendering, parsing

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/cpu", "k8s/overlays/gpu", "k8s/overlays/strimzi", "monitoring"})
    void everyKustomizationRendersIntoTypedObjectsOnly(String kustomization) throws Exception {
        List<HasMetadata> objects = rendered(kustomization);
        Set<String> kinds = new TreeSet<>();
        objects.forEach(o -> kinds.add(o.getKind()));
        if (kustomization.startsWith("k8s/")) {
            assertTrue(kinds.containsAll(List.of("Namespace", "ConfigMap", "Service", "PersistentVolumeClaim", "Deployment", "NetworkPolicy")), kinds.toString());
            for (String s : SERVICES) {
                one(objects, Deployment.class, s);
                one(objects, Service.class, s);
            }
        }
        if (kustomization.endsWith("strimzi")) {
            assertTrue(kinds.containsAll(List.of("Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser")), kinds.toString());
            assertTrue(kafkaStatefulSet(objects).isEmpty() && all(objects, Job.class).isEmpty(), "Strimzi replaces the broker StatefulSet and the topics Job");
            assertTrue(all(objects, Service.class).stream().noneMatch(s -> s.getMetadata().getName().equals("kafka")), "no base broker Service");
        } else if (kustomization.startsWith("k8s/")) {
            assertTrue(kafkaStatefulSet(objects).isPresent());
            one(objects, Job.class, "featuredrop-topics");
        }
        if (kustomization.equals("monitoring")) {
            assertEquals(Set.of("ConfigMap", "PrometheusRule", "ServiceMonitor"), kinds);
        }
    }

    /** The rwx-checkpoints component on the cpu and gpu overlays, through a kustomization written for the test. */
    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu"})
    void theReadWriteManyComponentGivesASharedClaimOfANamedClassAndNoCoLocation(String overlay, @TempDir Path dir) throws Exception {
        Path real = dir.toRealPath();
        String toK8s = real.relativize(K8S.toRealPath()).toString();
        Files.writeString(real.resolve("kustomization.yaml"), String.join("\n",
                "apiVersion: kustomize.config.k8s.io/v1beta1",
                "kind: Kustomization",
                "resources:",
                "  - " + toK8s + "/overlays/" + overlay,
                "components:",
                "  - " + toK8s + "/components/rwx-checkpoints",
                ""));
        List<HasMetadata> objects = parseAll(kustomize(real), overlay + " + rwx-checkpoints");
        PersistentVolumeClaim pvc = one(objects, PersistentVolumeClaim.class, "featuredrop-checkpoints");
        assertEquals(List.of("ReadWriteMany"), pvc.getSpec().getAccessModes());
        assertNotNull(pvc.getSpec().getStorageClassName(), "ReadWriteMany needs a class that provides it, named explicitly");
        for (String s : SERVICES) {
            assertNull(one(objects, Deployment.class, s).getSpec().getTemplate().getSpec().getAffinity(), s + " may go to any node");
        }
        checkNamespaces(objects, overlay + " + rwx-checkpoints");
        checkRestricted(objects, overlay + " + rwx-checkpoints");
    }

    @Test
    void theStrictParserRejectsMisplacedAndMisspeltFieldsAndUnknownKinds() throws IOException {
        String deployment = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: x, namespace: featuredrop}
                spec:
                  selector: {matchLabels: {app: x}}
                  %s
                  template:
                    metadata: {labels: {app: x}}
                    spec:
                      containers:
                        - name: x
                          image: x
                          %s
                """;
        // well-formed: accepted (and the check is not vacuous)
        Deployment ok = (Deployment) parseYaml(deployment.formatted("replicas: 1", "imagePullPolicy: Never"));
        assertEquals("Never", ok.getSpec().getTemplate().getSpec().getContainers().get(0).getImagePullPolicy());
        // the pod's securityContext one level too high, at the Deployment's spec
        IllegalArgumentException misplaced = assertThrows(IllegalArgumentException.class,
                () -> parseYaml(deployment.formatted("securityContext: {runAsNonRoot: true}", "imagePullPolicy: Never")));
        assertTrue(misplaced.getMessage().contains(".spec.securityContext"), misplaced.getMessage());
        // a typo deep inside a container
        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> parseYaml(deployment.formatted("replicas: 1", "imagePullPolcy: Never")));
        assertTrue(typo.getMessage().contains(".spec.template.spec.containers[0].imagePullPolcy"), typo.getMessage());
        // a value of the wrong type
        assertThrows(IllegalArgumentException.class, () -> parseYaml(deployment.formatted("replicas: [1]", "imagePullPolicy: Never")));
        // a Strimzi resource with a misspelt field, and one in the right kind but the wrong place
        IllegalArgumentException strimzi = assertThrows(IllegalArgumentException.class, () -> parseYaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaTopic
                metadata: {name: t, namespace: featuredrop, labels: {strimzi.io/cluster: featuredrop}}
                spec: {topicName: t, partitons: 3, replicas: 1}
                """));
        assertTrue(strimzi.getMessage().contains(".spec.partitons"), strimzi.getMessage());
        IllegalArgumentException pool = assertThrows(IllegalArgumentException.class, () -> parseYaml("""
                apiVersion: kafka.strimzi.io/v1beta2
                kind: KafkaNodePool
                metadata: {name: p, namespace: featuredrop}
                spec:
                  replicas: 1
                  roles: [broker]
                  storage: {type: ephemeral}
                  template:
                    kafkaContainer: {securityContext: {runAsNonRoot: true}, seccompProfile: {type: RuntimeDefault}}
                """));
        assertTrue(pool.getMessage().contains(".spec.template.kafkaContainer.seccompProfile"), pool.getMessage());
        // an unknown kind, and a known kind under an apiVersion with no model
        assertThrows(IllegalArgumentException.class, () -> parseYaml("apiVersion: v1\nkind: Sekret\nmetadata: {name: s}\n"));
        assertThrows(IllegalArgumentException.class, () -> parseYaml(deployment.replace("apps/v1", "apps/v1beta1").formatted("replicas: 1", "imagePullPolicy: Never")));
    }

    // ------------------------------------------------------------------ the deployment's rules

    static void checkNamespaces(List<HasMetadata> objects, String source) {
        for (HasMetadata o : objects) {
            String id = source + ": " + o.getKind() + "/" + o.getMetadata().getName();
            if (o instanceof Namespaced) {
                assertEquals(NAMESPACE, o.getMetadata().getNamespace(), id + " has the namespace");
            } else {
                assertTrue(o instanceof Namespace, id + " is cluster-scoped but not a Namespace");
                assertNull(o.getMetadata().getNamespace(), id);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/cpu", "k8s/overlays/gpu", "k8s/overlays/strimzi", "monitoring"})
    void everyNamespacedObjectIsInTheNamespace(String kustomization) throws Exception {
        checkNamespaces(rendered(kustomization), kustomization);
    }

    /**
     * The checks of the `restricted` Pod Security Standard (and `baseline`, which it includes) for one
     * pod, as the admission controller makes them; returns the violations.
     */
    static List<String> restrictedViolations(PodSecurityContext pod, List<Container> containers, List<Volume> volumes, PodSpec spec) {
        List<String> v = new ArrayList<>();
        PodSecurityContext psc = pod == null ? new PodSecurityContext() : pod;
        if (spec != null) {
            if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID()) || Boolean.TRUE.equals(spec.getHostIPC())) {
                v.add("host namespaces");
            }
        }
        Set<String> allowedVolumes = Set.of("configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret");
        for (Volume vol : volumes) {
            JsonNode json = READ.valueToTree(vol);
            for (Iterator<String> it = json.fieldNames(); it.hasNext();) {
                String type = it.next();
                if (!type.equals("name") && !allowedVolumes.contains(type)) {
                    v.add("volume " + vol.getName() + " of type " + type);
                }
            }
        }
        if (psc.getRunAsUser() != null && psc.getRunAsUser() == 0) {
            v.add("pod runAsUser 0");
        }
        String podSeccomp = psc.getSeccompProfile() == null ? null : psc.getSeccompProfile().getType();
        if (podSeccomp != null && !Set.of("RuntimeDefault", "Localhost").contains(podSeccomp)) {
            v.add("pod seccompProfile " + podSeccomp);
        }
        if (containers.isEmpty()) {
            v.add("no containers");
        }
        for (Container c : containers) {
            SecurityContext sc = c.getSecurityContext() == null ? new SecurityContext() : c.getSecurityContext();
            String n = "container " + c.getName() + ": ";
            if (!Boolean.FALSE.equals(sc.getAllowPrivilegeEscalation())) {
                v.add(n + "allowPrivilegeEscalation is not false");
            }
            if (Boolean.TRUE.equals(sc.getPrivileged())) {
                v.add(n + "privileged");
            }
            if (sc.getCapabilities() == null || sc.getCapabilities().getDrop() == null || !sc.getCapabilities().getDrop().contains("ALL")) {
                v.add(n + "capabilities do not drop ALL");
            }
            if (sc.getCapabilities() != null && sc.getCapabilities().getAdd() != null
                    && !Set.of("NET_BIND_SERVICE").containsAll(sc.getCapabilities().getAdd())) {
                v.add(n + "adds capabilities " + sc.getCapabilities().getAdd());
            }
            Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : psc.getRunAsNonRoot();
            if (!Boolean.TRUE.equals(nonRoot)) {
                v.add(n + "runAsNonRoot is not true (pod or container)");
            }
            if (sc.getRunAsUser() != null && sc.getRunAsUser() == 0) {
                v.add(n + "runAsUser 0");
            }
            String seccomp = sc.getSeccompProfile() != null ? sc.getSeccompProfile().getType() : podSeccomp;
            if (!Set.of("RuntimeDefault", "Localhost").contains(String.valueOf(seccomp))) {
                v.add(n + "seccompProfile is " + seccomp + ", not RuntimeDefault or Localhost (pod or container)");
            }
            for (ContainerPort port : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (port.getHostPort() != null && port.getHostPort() != 0) {
                    v.add(n + "hostPort");
                }
            }
        }
        return v;
    }

    static List<String> restrictedViolations(PodSpec spec) {
        List<Container> containers = new ArrayList<>(spec.getContainers());
        containers.addAll(spec.getInitContainers());
        return restrictedViolations(spec.getSecurityContext(), containers, spec.getVolumes(), spec);
    }

    /** A Strimzi pod: the pod template and the container templates of the containers Strimzi runs in it. */
    static List<String> restrictedViolations(PodTemplate pod, Map<String, ContainerTemplate> containers) {
        List<Container> cs = new ArrayList<>();
        containers.forEach((name, template) -> {
            Container c = new Container();
            c.setName(name);
            c.setSecurityContext(template == null ? null : template.getSecurityContext());
            cs.add(c);
        });
        return restrictedViolations(pod == null ? null : pod.getSecurityContext(), cs, List.of(), null);
    }

    static void checkRestricted(List<HasMetadata> objects, String source) {
        Map<String, PodTemplateSpec> pods = podTemplates(objects);
        assertFalse(pods.isEmpty(), source);
        Map<String, List<String>> violations = new LinkedHashMap<>();
        pods.forEach((name, pod) -> {
            List<String> v = restrictedViolations(pod.getSpec());
            if (!v.isEmpty()) {
                violations.put(name, v);
            }
        });
        for (KafkaNodePool pool : all(objects, KafkaNodePool.class)) {
            KafkaNodePoolTemplate t = pool.getSpec().getTemplate();
            assertNotNull(t, "KafkaNodePool/" + pool.getMetadata().getName() + " sets its pods' security contexts");
            Map<String, ContainerTemplate> containers = new LinkedHashMap<>();
            containers.put("kafka", t.getKafkaContainer());
            containers.put("kafka-init", t.getInitContainer());
            List<String> v = restrictedViolations(t.getPod(), containers);
            if (!v.isEmpty()) {
                violations.put("KafkaNodePool/" + pool.getMetadata().getName(), v);
            }
        }
        for (Kafka kafka : all(objects, Kafka.class)) {
            if (kafka.getSpec().getEntityOperator() != null) {
                EntityOperatorTemplate t = kafka.getSpec().getEntityOperator().getTemplate();
                assertNotNull(t, "Kafka/" + kafka.getMetadata().getName() + " sets the entity operator's security contexts");
                Map<String, ContainerTemplate> containers = new LinkedHashMap<>();
                containers.put("topic-operator", t.getTopicOperatorContainer());
                containers.put("user-operator", t.getUserOperatorContainer());
                List<String> v = restrictedViolations(t.getPod(), containers);
                if (!v.isEmpty()) {
                    violations.put("Kafka/" + kafka.getMetadata().getName() + " entity operator", v);
                }
            }
        }
        assertTrue(violations.isEmpty(), source + ": the restricted Pod Security Standard rejects " + violations);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/cpu", "k8s/overlays/gpu", "k8s/overlays/strimzi"})
    void everyPodMeetsTheRestrictedPodSecurityStandardWhichTheNamespaceEnforces(String kustomization) throws Exception {
        List<HasMetadata> objects = rendered(kustomization);
        checkRestricted(objects, kustomization);
        Namespace ns = one(objects, Namespace.class, NAMESPACE);
        assertEquals("restricted", ns.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        for (String s : SERVICES) {
            Container c = one(objects, Deployment.class, s).getSpec().getTemplate().getSpec().getContainers().get(0);
            assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem(), s + " has a read-only root filesystem");
        }
    }

    @Test
    void theRestrictedCheckIsNotVacuous() {
        PodSpec spec = new PodSpec();
        Container c = new Container();
        c.setName("c");
        SecurityContext sc = new SecurityContext();
        sc.setAllowPrivilegeEscalation(false);
        sc.setCapabilities(new io.fabric8.kubernetes.api.model.Capabilities(null, List.of("ALL")));
        c.setSecurityContext(sc);
        spec.setContainers(List.of(c));
        PodSecurityContext psc = new PodSecurityContext();
        psc.setRunAsNonRoot(true);
        spec.setSecurityContext(psc);
        // what the manifests had before: non-root, no escalation, capabilities dropped, but no seccomp profile
        assertEquals(List.of("container c: seccompProfile is null, not RuntimeDefault or Localhost (pod or container)"), restrictedViolations(spec));
        psc.setSeccompProfile(new io.fabric8.kubernetes.api.model.SeccompProfile(null, "RuntimeDefault"));
        assertEquals(List.of(), restrictedViolations(spec));
        sc.setAllowPrivilegeEscalation(null);
        assertEquals(1, restrictedViolations(spec).size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu", "strimzi"})
    void replicasShareRunsByPartitionAndTheGpuTrainerFreesItsGpuBeforeItsSuccessorStarts(String overlay) throws Exception {
        List<HasMetadata> objects = rendered("k8s/overlays/" + overlay);
        Deployment trainer = one(objects, Deployment.class, "trainer-service");
        boolean gpu = trainer.getSpec().getTemplate().getSpec().getContainers().get(0).getResources().getLimits().containsKey("nvidia.com/gpu");
        assertEquals(overlay.equals("gpu"), gpu, "only the gpu overlay asks for a GPU");
        int partitions = topicPartitions(objects, overlay);
        for (String name : List.of("augmenter-service", "trainer-service", "evaluator-service")) {
            Deployment d = one(objects, Deployment.class, name);
            int replicas = d.getSpec().getReplicas();
            assertTrue(replicas <= partitions, name + ": " + replicas + " replicas, but a replica beyond the " + partitions + " partitions would idle");
            if (gpu && name.equals("trainer-service")) {
                assertEquals("Recreate", d.getSpec().getStrategy().getType(), "the GPU trainer frees its GPU before its successor asks for it");
                assertNull(d.getSpec().getStrategy().getRollingUpdate(), "Recreate takes no rollingUpdate");
                continue;
            }
            // runs move between replicas through the consumer group: a rollout starts the new pod first, never a gap
            assertTrue(replicas >= 2, name + " runs replicas: " + replicas);
            assertEquals("RollingUpdate", d.getSpec().getStrategy().getType(), name);
            assertEquals(0, d.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal(), name + " never drops below its replicas");
        }
    }

    /** The partition count the overlay's topics get (every run topic has the same count: a run's partition is the same in each). */
    private static int topicPartitions(List<HasMetadata> objects, String overlay) {
        if (overlay.equals("strimzi")) {
            java.util.Set<Integer> counts = new java.util.TreeSet<>();
            objects.stream().filter(o -> o instanceof KafkaTopic).map(o -> (KafkaTopic) o)
                    .filter(t -> !t.getSpec().getTopicName().equals("fd.dlq")).forEach(t -> counts.add(t.getSpec().getPartitions()));
            assertEquals(1, counts.size(), "one partition count for every run topic: " + counts);
            return counts.iterator().next();
        }
        io.fabric8.kubernetes.api.model.batch.v1.Job job = one(objects, io.fabric8.kubernetes.api.model.batch.v1.Job.class, "featuredrop-topics");
        return Integer.parseInt(job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(e -> e.getName().equals("FEATUREDROP_PARTITIONS")).findFirst().orElseThrow().getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/cpu", "k8s/overlays/gpu"})
    void theBrokerIsResolvableBeforeItIsReadyAndKeepsItsLogsInADirectoryOfItsVolume(String kustomization) throws Exception {
        List<HasMetadata> objects = rendered(kustomization);
        StatefulSet kafka = kafkaStatefulSet(objects).orElseThrow();
        Service headless = one(objects, Service.class, kafka.getSpec().getServiceName());
        assertEquals("None", headless.getSpec().getClusterIP());
        assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses(), "the KRaft quorum resolves kafka-0.kafka before the pod is ready");
        assertTrue(labelsMatch(headless.getSpec().getSelector(), kafka.getSpec().getTemplate().getMetadata().getLabels()));

        Container broker = kafka.getSpec().getTemplate().getSpec().getContainers().get(0);
        String logDirs = broker.getEnv().stream().filter(e -> e.getName().equals("KAFKA_LOG_DIRS")).map(EnvVar::getValue).findFirst().orElseThrow();
        Set<String> claims = new TreeSet<>();
        kafka.getSpec().getVolumeClaimTemplates().forEach(t -> claims.add(t.getMetadata().getName()));
        for (String dir : logDirs.split(",")) {
            VolumeMount mount = broker.getVolumeMounts().stream()
                    .filter(m -> dir.startsWith(m.getMountPath().replaceAll("/+$", "") + "/")).findFirst()
                    .orElseThrow(() -> new AssertionError("log dir " + dir + " is not below a volume mount (the volume's root would do neither: lost+found)"));
            assertTrue(claims.contains(mount.getName()), dir + " is on a persistent volume claim");
            assertTrue(Path.of(dir).normalize().startsWith(Path.of(mount.getMountPath())) && !Path.of(dir).normalize().equals(Path.of(mount.getMountPath())), dir);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"cpu", "gpu", "strimzi"})
    void theCheckpointClaimBindsOnADefaultClusterAndItsPodsShareANode(String overlay) throws Exception {
        List<HasMetadata> objects = rendered("k8s/overlays/" + overlay);
        PersistentVolumeClaim pvc = one(objects, PersistentVolumeClaim.class, "featuredrop-checkpoints");
        assertEquals(List.of("ReadWriteOnce"), pvc.getSpec().getAccessModes(), "what every default storage class provides");
        assertNull(pvc.getSpec().getStorageClassName(), "the cluster's default class");
        Map<String, Map<String, String>> labels = new HashMap<>();
        for (String s : SERVICES) {
            labels.put(s, one(objects, Deployment.class, s).getSpec().getTemplate().getMetadata().getLabels());
        }
        boolean gpu = overlay.equals("gpu");
        for (String s : SERVICES) {
            PodSpec pod = one(objects, Deployment.class, s).getSpec().getTemplate().getSpec();
            assertTrue(pod.getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                    && v.getPersistentVolumeClaim().getClaimName().equals(pvc.getMetadata().getName())), s + " mounts the claim");
            boolean leader = gpu && s.equals("trainer-service");
            if (leader) {
                // the GPU trainer leads (its GPU request picks the node); an affinity to the others could bind it to a node without a GPU
                assertTrue(pod.getAffinity() == null || pod.getAffinity().getPodAffinity() == null, "the GPU trainer follows no other pod");
                continue;
            }
            assertTrue(pod.getAffinity() != null && pod.getAffinity().getPodAffinity() != null,
                    s + " is kept on the node of the other services: the ReadWriteOnce claim is mounted on one node only");
            List<PodAffinityTerm> terms = pod.getAffinity().getPodAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
            assertEquals(1, terms.size(), s);
            assertEquals("kubernetes.io/hostname", terms.get(0).getTopologyKey());
            assertTrue(selects(terms.get(0).getLabelSelector(), labels.get("trainer-service")), s + " is placed with the trainer");
            if (gpu) {
                assertFalse(selects(terms.get(0).getLabelSelector(), labels.get(s.equals("augmenter-service") ? "evaluator-service" : "augmenter-service")),
                        s + " follows the GPU trainer only, never a CPU-node pod the trainer could not join");
            } else {
                for (String other : SERVICES) {
                    assertTrue(selects(terms.get(0).getLabelSelector(), labels.get(other)), s + " is placed with " + other);
                }
            }
        }
        // a trainer on a tainted GPU node: the others must be allowed there too, or the co-location never schedules
        List<Toleration> trainerTolerations = one(objects, Deployment.class, "trainer-service").getSpec().getTemplate().getSpec().getTolerations();
        for (String s : SERVICES) {
            assertTrue(one(objects, Deployment.class, s).getSpec().getTemplate().getSpec().getTolerations().containsAll(trainerTolerations), s);
        }
        if (gpu) {
            Volume cache = one(objects, Deployment.class, "trainer-service").getSpec().getTemplate().getSpec().getVolumes().stream()
                    .filter(v -> v.getName().equals("djl-cache")).findFirst().orElseThrow();
            assertTrue(cache.getEmptyDir().getSizeLimit().getNumericalAmount().longValue() >= (8L << 30), "room for the CUDA natives: " + cache);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/cpu", "k8s/overlays/gpu", "k8s/overlays/strimzi"})
    void everyConfigMapAndClaimAPodNamesIsRendered(String kustomization) throws Exception {
        List<HasMetadata> objects = rendered(kustomization);
        Set<String> configMaps = new TreeSet<>();
        all(objects, ConfigMap.class).forEach(c -> configMaps.add(c.getMetadata().getName()));
        Set<String> claims = new TreeSet<>();
        all(objects, PersistentVolumeClaim.class).forEach(c -> claims.add(c.getMetadata().getName()));
        podTemplates(objects).forEach((name, pod) -> {
            for (Volume v : pod.getSpec().getVolumes()) {
                if (v.getConfigMap() != null) {
                    assertTrue(configMaps.contains(v.getConfigMap().getName()), name + " mounts " + v.getConfigMap().getName());
                }
                if (v.getPersistentVolumeClaim() != null) {
                    assertTrue(claims.contains(v.getPersistentVolumeClaim().getClaimName()), name + " claims " + v.getPersistentVolumeClaim().getClaimName());
                }
            }
            for (Container c : pod.getSpec().getContainers()) {
                c.getEnvFrom().stream().filter(e -> e.getConfigMapRef() != null)
                        .forEach(e -> assertTrue(configMaps.contains(e.getConfigMapRef().getName()), name + " reads " + e.getConfigMapRef().getName()));
            }
        });
    }

    // ------------------------------------------------------------------ NetworkPolicies

    /** A pod as a NetworkPolicy sees it: namespace labels, pod labels, named container ports. */
    record PodRef(String name, Map<String, String> namespaceLabels, Map<String, String> labels, Map<String, Integer> namedPorts) {
        boolean inNamespace() {
            return NAMESPACE.equals(namespaceLabels.get("kubernetes.io/metadata.name"));
        }
    }

    static final Map<String, String> OUR_NAMESPACE = Map.of("kubernetes.io/metadata.name", NAMESPACE);
    static final PodRef PROMETHEUS = new PodRef("prometheus", Map.of("kubernetes.io/metadata.name", "monitoring"),
            Map.of("app.kubernetes.io/name", "prometheus", "prometheus", "kube-prometheus-stack-prometheus"), Map.of());
    static final PodRef STRANGER_HERE = new PodRef("a pod of the namespace", OUR_NAMESPACE, Map.of("app", "debug"), Map.of());
    static final PodRef STRANGER_ELSEWHERE = new PodRef("a pod of another namespace", Map.of("kubernetes.io/metadata.name", "default"), Map.of("app", "debug"), Map.of());

    static boolean labelsMatch(Map<String, String> selector, Map<String, String> labels) {
        return selector != null && labels != null && labels.entrySet().containsAll(selector.entrySet());
    }

    /** Kubernetes label selector semantics: matchLabels and matchExpressions all hold; an empty selector selects everything. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null && !l.entrySet().containsAll(selector.getMatchLabels().entrySet())) {
            return false;
        }
        for (LabelSelectorRequirement r : selector.getMatchExpressions() == null ? List.<LabelSelectorRequirement>of() : selector.getMatchExpressions()) {
            boolean has = l.containsKey(r.getKey());
            boolean ok = switch (r.getOperator()) {
                case "In" -> has && r.getValues().contains(l.get(r.getKey()));
                case "NotIn" -> !has || !r.getValues().contains(l.get(r.getKey()));
                case "Exists" -> has;
                case "DoesNotExist" -> !has;
                default -> throw new AssertionError("operator " + r.getOperator());
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean peerMatches(NetworkPolicyPeer peer, PodRef from) {
        if (peer.getIpBlock() != null) {
            return false; // pods here are matched by labels, not addresses
        }
        if (peer.getNamespaceSelector() == null) {
            return from.inNamespace() && peer.getPodSelector() != null && selects(peer.getPodSelector(), from.labels());
        }
        return selects(peer.getNamespaceSelector(), from.namespaceLabels())
                && (peer.getPodSelector() == null || selects(peer.getPodSelector(), from.labels()));
    }

    static boolean portMatches(NetworkPolicyPort p, PodRef to, int port) {
        if (p.getProtocol() != null && !p.getProtocol().equals("TCP")) {
            return false;
        }
        if (p.getPort() == null) {
            return true;
        }
        IntOrString ps = p.getPort();
        int number = ps.getIntVal() != null ? ps.getIntVal() : to.namedPorts().getOrDefault(ps.getStrVal(), -1);
        int end = p.getEndPort() != null ? p.getEndPort() : number;
        return port >= number && port <= end;
    }

    static List<NetworkPolicy> policiesFor(List<NetworkPolicy> policies, PodRef to) {
        return policies.stream().filter(np -> to.inNamespace() && selects(np.getSpec().getPodSelector(), to.labels())
                && (np.getSpec().getPolicyTypes() == null || np.getSpec().getPolicyTypes().isEmpty() || np.getSpec().getPolicyTypes().contains("Ingress"))).toList();
    }

    /** Whether TCP from {@code from} to {@code to}'s port is admitted: no policy selects it, or one of those that do has a rule for it. */
    static boolean admits(List<NetworkPolicy> policies, PodRef from, PodRef to, int port) {
        List<NetworkPolicy> selecting = policiesFor(policies, to);
        if (selecting.isEmpty()) {
            return true;
        }
        for (NetworkPolicy np : selecting) {
            for (NetworkPolicyIngressRule rule : np.getSpec().getIngress() == null ? List.<NetworkPolicyIngressRule>of() : np.getSpec().getIngress()) {
                boolean fromOk = rule.getFrom() == null || rule.getFrom().isEmpty() || rule.getFrom().stream().anyMatch(peer -> peerMatches(peer, from));
                boolean portOk = rule.getPorts() == null || rule.getPorts().isEmpty() || rule.getPorts().stream().anyMatch(p -> portMatches(p, to, port));
                if (fromOk && portOk) {
                    return true;
                }
            }
        }
        return false;
    }

    static PodRef pod(String name, PodTemplateSpec template) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (Container c : template.getSpec().getContainers()) {
            for (ContainerPort p : c.getPorts()) {
                if (p.getName() != null) {
                    ports.put(p.getName(), p.getContainerPort());
                }
            }
        }
        return new PodRef(name, OUR_NAMESPACE, template.getMetadata().getLabels(), ports);
    }

    @ParameterizedTest
    @ValueSource(strings = {"k8s/base", "k8s/overlays/cpu", "k8s/overlays/gpu", "k8s/overlays/strimzi"})
    void networkPoliciesDenyIngressButWhatTheDeploymentNeeds(String kustomization) throws Exception {
        List<HasMetadata> objects = rendered(kustomization);
        List<NetworkPolicy> policies = all(objects, NetworkPolicy.class);
        NetworkPolicy deny = policies.stream().filter(np -> np.getSpec().getPodSelector().getMatchLabels().isEmpty()
                && np.getSpec().getPodSelector().getMatchExpressions().isEmpty()).findFirst().orElseThrow(() -> new AssertionError("a default-deny policy"));
        assertEquals(List.of("Ingress"), deny.getSpec().getPolicyTypes());
        assertTrue(deny.getSpec().getIngress().isEmpty(), "the default policy admits nothing");

        Map<String, PodRef> pods = new LinkedHashMap<>();
        podTemplates(objects).forEach((name, t) -> pods.put(name, pod(name, t)));
        boolean strimzi = !all(objects, Kafka.class).isEmpty();
        PodRef broker;
        List<PodRef> clients = new ArrayList<>();
        SERVICES.forEach(s -> clients.add(pods.get("Deployment/" + s)));
        if (strimzi) {
            // the labels Strimzi gives the pods of a broker node pool
            Kafka kafka = all(objects, Kafka.class).get(0);
            KafkaNodePool pool = all(objects, KafkaNodePool.class).get(0);
            String cluster = kafka.getMetadata().getName();
            Map<String, String> labels = new LinkedHashMap<>(Map.of("strimzi.io/cluster", cluster, "strimzi.io/kind", "Kafka",
                    "strimzi.io/name", cluster + "-kafka", "strimzi.io/pool-name", pool.getMetadata().getName(), "strimzi.io/broker-role", "true"));
            broker = new PodRef("Strimzi broker", OUR_NAMESPACE, labels, Map.of());
            pods.put("Strimzi broker", broker);
            // Strimzi's own policy for the listeners admits their networkPolicyPeers: they must be the services
            for (GenericKafkaListener l : kafka.getSpec().getKafka().getListeners()) {
                assertFalse(l.getNetworkPolicyPeers() == null || l.getNetworkPolicyPeers().isEmpty(), "listener " + l.getName() + " names its peers");
                for (PodRef c : clients) {
                    assertTrue(l.getNetworkPolicyPeers().stream().anyMatch(p -> peerMatches(p, c)), c.name() + " is a peer of listener " + l.getName());
                }
                assertFalse(l.getNetworkPolicyPeers().stream().anyMatch(p -> peerMatches(p, STRANGER_HERE)), "listener " + l.getName() + " admits any pod");
            }
        } else {
            broker = pods.get("StatefulSet/kafka");
            clients.add(pods.get("Job/featuredrop-topics"));
        }
        for (NetworkPolicy np : policies) {
            assertTrue(pods.values().stream().anyMatch(p -> policiesFor(List.of(np), p).contains(np)), "NetworkPolicy/" + np.getMetadata().getName() + " selects no pod");
        }

        for (PodRef c : clients) {
            assertTrue(admits(policies, c, broker, 9092), c.name() + " -> broker:9092");
        }
        if (strimzi) {
            clients.forEach(c -> assertTrue(admits(policies, c, broker, 9093), c.name() + " -> broker:9093 (mTLS listener)"));
        } else {
            assertTrue(admits(policies, broker, broker, 9093), "broker -> KRaft controller:9093");
            assertTrue(admits(policies, broker, broker, 9092), "controller -> broker:9092");
            clients.forEach(c -> assertFalse(admits(policies, c, broker, 9093), c.name() + " must not reach the controller port"));
        }
        for (PodRef stranger : List.of(STRANGER_HERE, STRANGER_ELSEWHERE, PROMETHEUS)) {
            assertFalse(admits(policies, stranger, broker, 9092), stranger.name() + " must not reach the broker");
        }
        for (String s : SERVICES) {
            PodRef service = pods.get("Deployment/" + s);
            int http = service.namedPorts().get("http");
            assertTrue(admits(policies, PROMETHEUS, service, http), "Prometheus scrapes " + s + ":" + http);
            boolean dashboard = s.equals("evaluator-service");
            for (PodRef stranger : List.of(STRANGER_HERE, STRANGER_ELSEWHERE)) {
                assertEquals(dashboard, admits(policies, stranger, service, http), stranger.name() + " -> " + s + ":" + http + " (only the evaluator's dashboard is open)");
            }
            for (PodRef other : clients) {
                if (!other.equals(service) && !dashboard) {
                    assertFalse(admits(policies, other, service, http), other.name() + " -> " + s);
                }
            }
        }
        for (PodRef p : pods.values()) {
            assertFalse(policiesFor(policies, p).isEmpty(), p.name() + " is under the default deny");
        }
    }

    // ------------------------------------------------------------------ monitoring

    @Test
    void theServiceMonitorScrapesEveryServiceOnItsMetricsPortAndTheRuleIsAlertsYml() throws Exception {
        List<HasMetadata> monitoring = rendered("monitoring");
        List<HasMetadata> cpu = rendered("k8s/overlays/cpu");
        ServiceMonitor sm = all(monitoring, ServiceMonitor.class).get(0);
        for (String s : SERVICES) {
            Service service = one(cpu, Service.class, s);
            assertTrue(selects(sm.getSpec().getSelector(), service.getMetadata().getLabels()), "ServiceMonitor selects " + s);
            sm.getSpec().getEndpoints().forEach(e -> {
                assertEquals("/q/metrics", e.getPath());
                assertTrue(service.getSpec().getPorts().stream().anyMatch(p -> Objects.equals(p.getName(), e.getPort())), s + " has port " + e.getPort());
            });
        }
        PrometheusRule rule = all(monitoring, PrometheusRule.class).get(0);
        JsonNode alerts = DeployConfigTest.yaml("deploy/monitoring/alerts.yml");
        List<String> fromFile = new ArrayList<>();
        alerts.get("groups").forEach(g -> g.get("rules").forEach(r -> fromFile.add(r.get("alert").asText())));
        List<String> fromRule = rule.getSpec().getGroups().stream().flatMap(g -> g.getRules().stream()).map(r -> r.getAlert()).toList();
        assertEquals(fromFile, fromRule);
        ConfigMap dashboard = all(monitoring, ConfigMap.class).get(0);
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        assertTrue(Stream.of(dashboard.getData().keySet()).flatMap(Set::stream).anyMatch(k -> k.endsWith(".json")));
    }
}
