package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.events.ViewBatch;
import io.featuredrop.events.ViewGradient;
import io.featuredrop.events.WirePrecision;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.Excerpt;
import io.featuredrop.wire.FloatTensor;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.ViewBatchCodec;
import io.featuredrop.wire.ViewGradientCodec;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.Tag;

/**
 * Issue 14: forged, oversized and truncated records on the topics the services consume from each
 * other ({@code fd.views} to the trainer, {@code fd.view-gradients} to the augmenter,
 * {@code fd.checkpoints} to the evaluator), at the three services running as processes on a real
 * broker. Each record is dead-lettered exactly once with its original bytes (or, near the topic's
 * size limit, a reference to them), and every service stays ready and live.
 */
@Tag("system")
class HostileTensorRecordsPropertyTest {

    record Forged(String topic, String label, byte[] value) {
        @Override
        public String toString() {
            return topic + ": " + label + " (" + value.length + " bytes)";
        }
    }

    private static SystemStack system;
    private static AnswerLog answers;
    private static HostileTraffic traffic;
    private static final String[] SERVICES = {"augmenter-service", "trainer-service", "evaluator-service"};

    /** A real run trained while the forged records arrive: it must complete exactly, untouched by them. */
    private static final String LIVE = "live-expert";
    private static final int LIVE_STEPS = 400;

    @BeforeContainer
    static void start() throws Exception {
        traffic = HostileTraffic.start(List.of("augmenter-service", "trainer-service", "evaluator-service"));
        system = traffic.system;
        answers = traffic.answers;
        io.featuredrop.testing.TestKafka.publish(system.broker.bootstrapServers(), Topics.RUNS, LIVE, ("{\"runId\":\"" + LIVE
                + "\",\"mode\":\"expert\",\"steps\":" + LIVE_STEPS + ",\"checkpointEvery\":100,\"batchSize\":16,\"encoderWidth\":8,"
                + "\"maxInFlight\":2,\"probe\":{\"trainSize\":256,\"testSize\":128,\"epochs\":3,\"features\":\"pooled\"}}")
                .getBytes(StandardCharsets.UTF_8), Map.of());
    }

    @AfterContainer
    static void stop() throws Exception {
        try {
            if (system != null) {
                liveRunCompletedExactly();
            }
        } finally {
            close();
        }
    }

    /** The run trained alongside the forged traffic completed with exactly its steps. */
    private static void liveRunCompletedExactly() {
        List<io.featuredrop.events.RunStatus> mine = io.featuredrop.testing.TestKafka.readUntil(system.broker.bootstrapServers(),
                        io.featuredrop.testing.TestKafka.RUN_HISTORY, Duration.ofSeconds(400), rs -> rs.stream().filter(r -> LIVE.equals(r.key()))
                                .map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.RunStatus.class)).anyMatch(st -> st.state().isTerminal()))
                .stream().filter(r -> LIVE.equals(r.key())).map(r -> JsonEvents.decode(r.value(), io.featuredrop.events.RunStatus.class)).toList();
        io.featuredrop.events.RunStatus end = mine.stream().filter(st -> st.state().isTerminal()).findFirst().orElseThrow();
        assertEquals(io.featuredrop.events.RunState.COMPLETED, end.state(), "the live run: " + end);
        java.util.Set<Long> steps = new java.util.TreeSet<>();
        mine.stream().filter(st -> st.state() == io.featuredrop.events.RunState.PROGRESS).forEach(st -> steps.add(st.step()));
        assertEquals(LIVE_STEPS, steps.size(), "every step of the live run trained once");
        assertEquals(LIVE_STEPS, steps.stream().mapToLong(Long::longValue).max().orElse(0));
        System.out.println("the live run completed all " + LIVE_STEPS + " steps beside the forged records");
    }

    private static void close() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
    }

    @Property(tries = 10, shrinking = ShrinkingMode.BOUNDED, seed = "1415")
    void everyForgedRecordIsDeadLetteredExactlyOnce(@ForAll @Size(min = 60, max = 100) List<@From("forged") Forged> records) throws Exception {
        Map<String, Forged> bySource = publish(records);
        assertTrue(answers.awaitAnswered(bySource.keySet(), Duration.ofSeconds(180)),
                () -> "unanswered: " + bySource.entrySet().stream().filter(e -> answers.of(e.getKey()).isEmpty()).limit(5).toList());
        Thread.sleep(1500);
        for (Map.Entry<String, Forged> e : bySource.entrySet()) {
            List<AnswerLog.Answer> got = answers.of(e.getKey());
            assertEquals(1, got.size(), () -> e.getValue() + " at " + e.getKey() + " answered " + got);
            AnswerLog.Answer a = got.get(0);
            assertEquals("DLQ", a.kind(), () -> e.getValue() + ": " + a);
            assertEquals("whole", a.original(), () -> e.getValue() + ": fits fd.dlq, so kept whole");
            assertArrayEquals(e.getValue().value(), a.value(), () -> e.getValue() + ": the dead-lettered bytes are the original");
            assertTrue(a.headerBytes() <= 4096, () -> e.getValue() + ": headers of " + a.headerBytes() + " bytes");
        }
        System.out.println(bySource.size() + " records answered once each: " + bySource.keySet().stream()
                .collect(java.util.stream.Collectors.groupingBy(k -> answers.of(k).get(0).kind(), java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        for (String s : SERVICES) {
            system.requireUp(s);
        }
    }

    @Example
    void aRecordNearTheTopicLimitIsDeadLetteredAsAReference() throws Exception {
        // fits fd.views (lz4 on the broker makes it small), but is over what a dead-letter may copy with its headers;
        // noise would not do: the broker's lz4 adds ~0.4% to incompressible bytes, past the topic's limit
        byte[] big = new byte[64 * 1024 * 1024 - 4096];
        Arrays.fill(big, (byte) 'x');
        Map<String, Forged> bySource = publish(List.of(new Forged(Topics.VIEWS, "64 MiB of one letter", big)));
        String source = bySource.keySet().iterator().next();
        assertTrue(answers.awaitAnswered(bySource.keySet(), Duration.ofSeconds(120)), "unanswered: " + source);
        AnswerLog.Answer a = answers.of(source).get(0);
        assertEquals("reference", a.original());
        assertEquals(Excerpt.sha256(big), a.sha256());
        JsonNode ref = JsonEvents.mapper().readTree(a.value());
        assertEquals(source, ref.get("topic").asText() + "-" + ref.get("partition").asInt() + "@" + ref.get("offset").asLong());
        assertEquals(big.length, ref.get("size").asInt());
        assertEquals(Excerpt.sha256(big), ref.get("sha256").asText());
        for (String s : SERVICES) {
            system.requireUp(s);
        }
    }

    private static Map<String, Forged> publish(List<Forged> records) throws Exception {
        Map<String, Forged> bySource = new LinkedHashMap<>();
        for (Forged f : records) {
            bySource.put(traffic.publish(f.topic(), "ghost", f.value()), f);
        }
        return bySource;
    }

    @Provide
    Arbitrary<Forged> forged() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(Topics.VIEWS, Topics.VIEW_GRADIENTS, Topics.CHECKPOINTS).flatMap(HostileTensorRecordsPropertyTest::randomBytes)),
                Tuple.of(3, truncated(Topics.VIEWS, views())), Tuple.of(3, truncated(Topics.VIEW_GRADIENTS, gradients("run-ghost"))),
                Tuple.of(2, truncated(Topics.CHECKPOINTS, checkpoint("run-ghost", "run-ghost/encoder-000002.safetensors", "00"))),
                Tuple.of(2, Arbitraries.just(new Forged(Topics.VIEWS, "views of a run never accepted", views()))),
                Tuple.of(2, Arbitraries.just(new Forged(Topics.VIEW_GRADIENTS, "gradients of a run never accepted", gradients("run-ghost")))),
                Tuple.of(2, Arbitraries.just(new Forged(Topics.VIEW_GRADIENTS, "gradients of the live expert run, which takes none", gradients(LIVE)))),
                Tuple.of(2, Arbitraries.of(Topics.VIEWS, Topics.VIEW_GRADIENTS).map(t -> new Forged(t, "shape claiming 10^18 floats", hugeShape()))),
                Tuple.of(3, forgedCheckpoints()),
                Tuple.of(1, Arbitraries.of(Topics.VIEWS, Topics.VIEW_GRADIENTS, Topics.CHECKPOINTS)
                        .flatMap(t -> Arbitraries.integers().between(1, 4).map(mb -> noise(t, mb * 1024 * 1024)))));
    }

    private static Arbitrary<Forged> randomBytes(String topic) {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(3000).map(b -> new Forged(topic, "random bytes", b));
    }

    private static Forged noise(String topic, int bytes) {
        byte[] b = new byte[bytes];
        new Random(bytes).nextBytes(b);
        return new Forged(topic, bytes + " bytes of noise", b);
    }

    private static Arbitrary<Forged> truncated(String topic, byte[] full) {
        return Arbitraries.integers().between(0, full.length - 1).map(n -> new Forged(topic, "truncated at " + n + " of " + full.length,
                Arrays.copyOf(full, n)));
    }

    private static byte[] views() {
        FloatTensor v = new FloatTensor(new long[] {2, 1, 4, 4}, new float[32]);
        return ViewBatchCodec.encode(new ViewBatch("run-ghost", 1, 1_000_000L, new long[] {3, 4}, v, v, WirePrecision.FP32)).value();
    }

    private static byte[] gradients(String runId) {
        FloatTensor g = new FloatTensor(new long[] {2, 1, 4, 4}, new float[32]);
        return ViewGradientCodec.encode(new ViewGradient(runId, 1, 1_000_000L, 0.5, g, g, WirePrecision.FP32)).value();
    }

    /** A safetensors buffer whose header claims far more data than it holds. */
    private static byte[] hugeShape() {
        String header = "{\"view1\":{\"dtype\":\"F32\",\"shape\":[1000000,1000000,1000,1000],\"data_offsets\":[0,16]},"
                + "\"view2\":{\"dtype\":\"F32\",\"shape\":[1,1,2,2],\"data_offsets\":[16,32]}}";
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + 32).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        return b.array();
    }

    private static byte[] checkpoint(String runId, String uri, String sha) {
        return JsonEvents.encode(new Checkpoint(Checkpoint.SCHEMA_VERSION, runId, 2, CheckpointKind.ENCODER, uri, sha, 10, "forger", Instant.EPOCH, null));
    }

    private static Arbitrary<Forged> forgedCheckpoints() {
        return Arbitraries.of(
                new Forged(Topics.CHECKPOINTS, "file missing", checkpoint("run-ghost", "run-ghost/encoder-000002.safetensors", "ab")),
                new Forged(Topics.CHECKPOINTS, "path out of the store", checkpoint("run-ghost", "../../../../etc/passwd", "ab")),
                new Forged(Topics.CHECKPOINTS, "absolute path", checkpoint("run-ghost", "/etc/hostname", "ab")),
                new Forged(Topics.CHECKPOINTS, "fields missing", "{\"runId\":\"run-ghost\",\"kind\":\"ENCODER\"}".getBytes(StandardCharsets.UTF_8)),
                new Forged(Topics.CHECKPOINTS, "unknown kind", "{\"runId\":\"r\",\"kind\":\"BOTH\",\"uri\":\"u\",\"sha256\":\"s\"}".getBytes(StandardCharsets.UTF_8)),
                new Forged(Topics.CHECKPOINTS, "2 MB runId", checkpoint("r".repeat(2_000_000), "x", "ab")),
                new Forged(Topics.CHECKPOINTS, "JSON null", "null".getBytes(StandardCharsets.UTF_8)));
    }
}
