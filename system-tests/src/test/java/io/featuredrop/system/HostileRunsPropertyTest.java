package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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
 * Issue 14, "no channel dies on one record": thousands of generated hostile fd.runs records (random
 * bytes, truncations, deep nesting, huge and unicode fields, numbers at and beyond the limits,
 * duplicate keys, every field of the wrong type, huge keys, commands), valid configs in between,
 * published with a plain Kafka client at the augmenter running as a process on a real broker. Every
 * record must be answered exactly once (a status that names it, or its dead-letter), the valid ones
 * ACCEPTED, nothing published larger than a bound, and the augmenter ready and live afterwards.
 * Only the augmenter runs: accepted runs queue there without training (the trainer is not started).
 */
@Tag("system")
class HostileRunsPropertyTest {

    /** Where an answer is known in advance; ANY when only "exactly one answer" can be asserted. */
    enum Expect { ACCEPTED, REJECTED, DLQ, ANY }

    /** One generated record; {@code %RUN%} in key or value becomes a runId unique to this test run. */
    record Hostile(String label, String key, byte[] value, Expect expect) {
        @Override
        public String toString() {
            String v = new String(value, StandardCharsets.UTF_8);
            return label + " (" + value.length + " bytes: " + (v.length() > 80 ? v.substring(0, 80) + "..." : v) + ")";
        }
    }

    private static final String CHEAP = "\"mode\":\"none\",\"steps\":2,\"batchSize\":8,\"encoderWidth\":4,\"embeddingDim\":8,\"checkpointEvery\":2";
    /** Without checkpointEvery, which then follows steps (its default), so steps=1 is valid. */
    private static final String LIMIT_BASE = "\"mode\":\"none\",\"steps\":2,\"batchSize\":8,\"encoderWidth\":4,\"embeddingDim\":8";
    private static SystemStack system;
    private static AnswerLog answers;
    private static HostileTraffic traffic;
    private static final AtomicLong runIds = new AtomicLong();
    private static final int MAX_STATUS_BYTES = 32 * 1024;
    private static final int MAX_HEADER_BYTES = 4 * 1024;

    @BeforeContainer
    static void start() throws Exception {
        traffic = HostileTraffic.start(List.of("augmenter-service"));
        system = traffic.system;
        answers = traffic.answers;
    }

    @AfterContainer
    static void stop() throws Exception {
        if (traffic != null) {
            traffic.close();
        }
    }

    @Property(tries = 14, shrinking = ShrinkingMode.BOUNDED, seed = "1414")
    void everyRecordIsAnsweredExactlyOnceAndIntakeStaysUp(@ForAll @Size(min = 180, max = 240) List<@From("runsRecord") Hostile> records) throws Exception {
        Map<String, Hostile> bySource = new LinkedHashMap<>();
        Map<String, byte[]> published = new LinkedHashMap<>();
        List<String> earlier = new ArrayList<>();
        for (Hostile h : records) {
            String id = "pv-" + runIds.incrementAndGet();
            String key = h.key() == null ? null : h.key().replace("%RUN%", id);
            String value = new String(h.value(), StandardCharsets.ISO_8859_1);
            byte[] bytes = value.contains("%RUN%") ? value.replace("%RUN%", id).getBytes(StandardCharsets.ISO_8859_1) : h.value();
            if (value.contains("%EARLIER%")) {
                // a duplicate of a runId accepted before (or, when none yet, a fresh one: then it is accepted)
                String dup = earlier.isEmpty() ? id : earlier.get(0);
                bytes = value.replace("%EARLIER%", dup).getBytes(StandardCharsets.ISO_8859_1);
                h = new Hostile(h.label(), key, h.value(), earlier.isEmpty() ? Expect.ACCEPTED : Expect.REJECTED);
            }
            if (h.expect() == Expect.ACCEPTED) {
                earlier.add(id);
            }
            String source = traffic.publish(Topics.RUNS, key, bytes);
            bySource.put(source, h);
            published.put(source, bytes);
        }
        assertTrue(answers.awaitAnswered(bySource.keySet(), Duration.ofSeconds(180)),
                () -> "unanswered: " + bySource.entrySet().stream().filter(e -> answers.of(e.getKey()).isEmpty()).limit(5).toList());
        Thread.sleep(1500); // a second answer to any of them would come now
        for (Map.Entry<String, Hostile> e : bySource.entrySet()) {
            List<AnswerLog.Answer> got = answers.of(e.getKey());
            assertEquals(1, got.size(), () -> e.getValue() + " at " + e.getKey() + " answered " + got);
            Expect expect = e.getValue().expect();
            AnswerLog.Answer a = got.get(0);
            if (expect != Expect.ANY) {
                assertEquals(expect.name(), a.kind(), () -> e.getValue() + ": " + a);
            }
            // nothing published echoes unbounded input: statuses and dead-letter headers stay small whatever came in
            assertTrue(a.headerBytes() <= MAX_HEADER_BYTES, () -> e.getValue() + ": headers of " + a.headerBytes() + " bytes");
            if (a.kind().equals("DLQ")) {
                byte[] original = published.get(e.getKey());
                assertEquals(io.featuredrop.wire.Excerpt.sha256(original), a.sha256(), () -> e.getValue() + ": digest of the original");
                assertEquals("whole", a.original(), () -> e.getValue() + ": fits fd.dlq, so kept whole");
                assertTrue(java.util.Arrays.equals(original, a.value()), () -> e.getValue() + ": the dead-lettered bytes are the original");
            } else {
                assertTrue(a.valueBytes() <= MAX_STATUS_BYTES, () -> e.getValue() + ": status of " + a.valueBytes() + " bytes");
            }
        }
        System.out.println(bySource.size() + " records answered once each: " + bySource.keySet().stream()
                .collect(java.util.stream.Collectors.groupingBy(k -> answers.of(k).get(0).kind(), java.util.TreeMap::new, java.util.stream.Collectors.counting())));
        system.requireUp("augmenter-service");
    }

    @Provide
    Arbitrary<Hostile> runsRecord() {
        return Arbitraries.frequencyOf(
                Tuple.of(4, valid()),
                Tuple.of(2, randomBytes()),
                Tuple.of(2, truncated()),
                Tuple.of(1, deepNesting()),
                Tuple.of(1, huge()),
                Tuple.of(2, unicode()),
                Tuple.of(4, atAndBeyondLimits()),
                Tuple.of(1, duplicateKeys()),
                Tuple.of(4, wrongType()),
                Tuple.of(1, duplicateRun()),
                Tuple.of(1, commands()),
                Tuple.of(1, hostileKeys()));
    }

    /** The cheap config without {@code field}, so that adding it again is not a duplicate key. */
    private static String without(String field) {
        return CHEAP.replaceAll("\"" + field + "\":(\"[a-z]+\"|[0-9]+),?", "").replaceAll(",$", "");
    }

    private static Hostile json(String label, String json, Expect expect) {
        return new Hostile(label, "%RUN%", json.getBytes(StandardCharsets.UTF_8), expect);
    }

    /** Valid configs of many shapes, all cheap to accept (no Viewmaker, a few small steps). */
    private static Arbitrary<Hostile> valid() {
        Arbitrary<String> mode = Arbitraries.of("none", "expert");
        Arbitrary<Integer> steps = Arbitraries.integers().between(1, 5);
        Arbitrary<Integer> batch = Arbitraries.integers().between(2, 32);
        Arbitrary<Long> seed = Arbitraries.longs();
        Arbitrary<Double> temperature = Arbitraries.doubles().between(0.001, 100).ofScale(3);
        Arbitrary<String> extra = Arbitraries.of("", ",\"wirePrecision\":\"fp16\"", ",\"projectionHead\":true", ",\"loss\":\"symmetric\"",
                ",\"probe\":{\"epochs\":2,\"trainSize\":100}", ",\"dataset\":\"fashion-mnist+mnist\"", ",\"schemaVersion\":1");
        return Combinators.combine(mode, steps, batch, seed, temperature, extra).as((m, st, b, sd, t, x) -> json("valid " + m,
                "{\"runId\":\"%RUN%\",\"mode\":\"" + m + "\",\"steps\":" + st + ",\"batchSize\":" + b + ",\"seed\":" + sd
                        + ",\"temperature\":" + t + ",\"encoderWidth\":4,\"embeddingDim\":8" + x + "}", Expect.ACCEPTED));
    }

    private static Arbitrary<Hostile> randomBytes() {
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(2000)
                .map(b -> new Hostile("random bytes", null, b, Expect.DLQ));
    }

    private static Arbitrary<Hostile> truncated() {
        String full = "{\"runId\":\"%RUN%\"," + CHEAP + ",\"probe\":{\"epochs\":3}}";
        return Arbitraries.integers().between(0, full.length() - 1)
                .map(n -> json("truncated at " + n, full.substring(0, n), Expect.DLQ));
    }

    private static Arbitrary<Hostile> deepNesting() {
        return Arbitraries.integers().between(17, 5000).map(depth -> json("nested " + depth + " deep",
                "{\"runId\":\"%RUN%\",\"probe\":" + "{\"a\":".repeat(depth) + "1" + "}".repeat(depth) + "}", Expect.DLQ));
    }

    private static Arbitrary<Hostile> huge() {
        return Arbitraries.of(70_000, 300_000, 2_100_000).flatMap(n -> Arbitraries.of("runId", "dataset", "note")
                .map(field -> json(field + " of " + n + " chars",
                        "{\"runId\":\"" + (field.equals("runId") ? "r".repeat(n) : "%RUN%") + "\""
                                + (field.equals("runId") ? "" : ",\"" + field + "\":\"" + "x".repeat(n) + "\"") + "}", Expect.DLQ)));
    }

    private static Arbitrary<Hostile> unicode() {
        Arbitrary<String> text = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(300);
        return Combinators.combine(Arbitraries.of("runId", "dataset", "mode", "encoder", "loss"), text).as((field, generated) -> {
            // what goes on the wire: UTF-8 has no unpaired surrogates (the encoder writes '?'), so judge that text
            String s = new String(generated.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            String quoted = new String(com.fasterxml.jackson.core.io.JsonStringEncoder.getInstance().quoteAsString(s));
            if (!field.equals("runId")) {
                return json("unicode " + field, "{\"runId\":\"%RUN%\"," + without(field) + ",\"" + field + "\":\"" + quoted + "\"}", Expect.REJECTED);
            }
            // a runId that cannot key an answer (blank, over 256 chars, control characters, unpaired surrogates) goes to fd.dlq;
            // any other malformed one is REJECTED under itself; one that happens to be well-formed may be a duplicate
            boolean usable = !s.isBlank() && s.length() <= io.featuredrop.config.RunConfigValidator.MAX_KEY_LENGTH
                    && s.chars().noneMatch(Character::isISOControl) && io.featuredrop.wire.Excerpt.isWellFormed(s);
            Expect expect = io.featuredrop.config.RunConfigValidator.RUN_ID.matcher(s).matches() ? Expect.ANY : usable ? Expect.REJECTED : Expect.DLQ;
            return json("unicode runId", "{\"runId\":\"" + quoted + "\"," + CHEAP + "}", expect);
        });
    }

    private static Arbitrary<Hostile> atAndBeyondLimits() {
        return Arbitraries.of(
                new String[] {"steps", "1", "ACCEPTED"}, new String[] {"steps", "0", "REJECTED"},
                new String[] {"steps", "100000001", "REJECTED"}, new String[] {"steps", "2.5", "REJECTED"},
                new String[] {"batchSize", "2", "ACCEPTED"}, new String[] {"batchSize", "1", "REJECTED"},
                new String[] {"batchSize", "65537", "REJECTED"}, new String[] {"batchSize", "20000", "REJECTED"},
                new String[] {"temperature", "100", "ACCEPTED"}, new String[] {"temperature", "100.0000001", "REJECTED"},
                new String[] {"temperature", "0", "REJECTED"}, new String[] {"temperature", "NaN", "REJECTED"},
                new String[] {"temperature", "1e309", "REJECTED"}, new String[] {"temperature", "-Infinity", "REJECTED"},
                new String[] {"encoderMomentum", "0", "ACCEPTED"}, new String[] {"encoderMomentum", "1", "REJECTED"},
                new String[] {"budget", "1", "ACCEPTED"}, new String[] {"budget", "0", "REJECTED"},
                new String[] {"seed", "9223372036854775807", "ACCEPTED"}, new String[] {"seed", "-9223372036854775808", "ACCEPTED"},
                new String[] {"seed", "9223372036854775808", "REJECTED"}, new String[] {"seed", "1" + "0".repeat(63), "REJECTED"},
                new String[] {"seed", "1" + "0".repeat(80), "DLQ"}, new String[] {"maxInFlight", "1025", "REJECTED"},
                new String[] {"encoderLr", "10", "ACCEPTED"}, new String[] {"encoderLr", "-0.0", "REJECTED"},
                new String[] {"checkpointEvery", "3", "REJECTED"}, new String[] {"schemaVersion", "2", "REJECTED"})
                .map(c -> json(c[0] + "=" + c[1], "{\"runId\":\"%RUN%\"," + LIMIT_BASE.replaceAll("\"" + c[0] + "\":[0-9]+,?", "")
                        .replaceAll(",$", "") + ",\"" + c[0] + "\":" + c[1] + "}", Expect.valueOf(c[2])));
    }

    private static Arbitrary<Hostile> duplicateKeys() {
        return Arbitraries.of("steps", "runId", "mode").map(f -> json("duplicate " + f,
                "{\"runId\":\"%RUN%\"," + CHEAP + ",\"" + f + "\":" + (f.equals("probe") ? "{}" : "\"x\"") + "}", Expect.DLQ));
    }

    /** Every field with a value of a JSON type it never takes: always REJECTED, naming that field. */
    private static Arbitrary<Hostile> wrongType() {
        Map<String, String> typeOf = new LinkedHashMap<>();
        for (String f : List.of("dataset", "mode", "encoder", "loss", "wirePrecision", "weightInit")) {
            typeOf.put(f, "string");
        }
        for (String f : List.of("steps", "batchSize", "seed", "encoderWidth", "embeddingDim", "generatorWidth", "generatorBlocks",
                "maxInFlight", "checkpointEvery", "schemaVersion", "encoderPasses")) {
            typeOf.put(f, "integer");
        }
        for (String f : List.of("encoderLr", "encoderMomentum", "encoderWeightDecay", "temperature", "generatorLr", "budget")) {
            typeOf.put(f, "number");
        }
        typeOf.put("projectionHead", "boolean");
        typeOf.put("clampViews", "boolean");
        typeOf.put("normalizeInputs", "boolean");
        typeOf.put("probe", "object");
        // values by JSON type; a field takes only its own type (numbers: whole numbers too)
        Map<String, List<String>> valuesOf = Map.of(
                "string", List.of("\"text\"", "\"\""), "whole", List.of("3"), "fraction", List.of("12.5"),
                "boolean", List.of("true", "false"), "array", List.of("[1,2]", "[]"), "object", List.of("{\"a\":1}", "{}"));
        Map<String, List<String>> fits = Map.of("string", List.of("string"), "integer", List.of("whole"),
                "number", List.of("whole", "fraction"), "boolean", List.of("boolean"), "object", List.of("object"));
        List<String[]> cases = new java.util.ArrayList<>();
        typeOf.forEach((field, type) -> valuesOf.forEach((valueType, values) -> {
            if (!fits.get(type).contains(valueType)) {
                values.forEach(v -> cases.add(new String[] {field, v}));
            }
        }));
        return Arbitraries.of(cases).map(c -> json(c[0] + "=" + c[1],
                "{\"runId\":\"%RUN%\"," + without(c[0]) + ",\"" + c[0] + "\":" + c[1] + "}", Expect.REJECTED));
    }

    private static Arbitrary<Hostile> duplicateRun() {
        return Arbitraries.just(json("duplicate runId", "{\"runId\":\"%EARLIER%\"," + CHEAP + "}", Expect.REJECTED));
    }

    private static Arbitrary<Hostile> commands() {
        return Arbitraries.of(
                json("cancel unknown run", "{\"command\":\"CANCEL\",\"runId\":\"no-such-%RUN%\"}", Expect.DLQ),
                json("unknown command", "{\"command\":\"DELETE\",\"runId\":\"%RUN%\"}", Expect.DLQ),
                json("command without runId", "{\"command\":\"CANCEL\"}", Expect.DLQ),
                json("command of wrong type", "{\"command\":[1],\"runId\":\"%RUN%\"}", Expect.DLQ),
                json("huge command", "{\"command\":\"" + "C".repeat(1000) + "\",\"runId\":\"%RUN%\"}", Expect.DLQ));
    }

    private static Arbitrary<Hostile> hostileKeys() {
        return Arbitraries.of(
                new Hostile("200 KB key", "k".repeat(200_000), ("{\"runId\":\"%RUN%\"," + CHEAP + "}").getBytes(StandardCharsets.UTF_8), Expect.ACCEPTED),
                new Hostile("200 KB key, garbage", "\u0000\uFFFF".repeat(50_000), new byte[] {1, 2, 3}, Expect.DLQ),
                new Hostile("empty value, null key", null, new byte[0], Expect.DLQ));
    }
}
