package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.broker.LocalKafkaBroker;
import io.featuredrop.cli.stack.LocalStack;
import io.featuredrop.cli.stack.ServiceSpec;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The real thing: a KRaft broker and the three packaged services as separate processes, driven
 * only through a plain Kafka client and HTTP, as a user would.
 */
@Tag("system")
class ThreeServicesOverKafkaTest {

    static SystemStack system;
    static LocalKafkaBroker broker;
    static LocalStack stack;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startEverything() throws Exception {
        system = SystemStack.start();
        broker = system.broker;
        stack = system.stack;
    }

    @AfterAll
    static void stopEverything() {
        if (system != null) {
            system.close();
        }
    }

    private static JsonNode get(ServiceSpec s, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUri(s) + path)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 ? JsonEvents.mapper().readTree(r.body()) : null;
    }

    private static String text(ServiceSpec s, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(stack.baseUri(s) + path)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    static boolean isDecision(ConsumerRecord<String, byte[]> r) {
        RunState state = JsonEvents.decode(r.value(), RunStatus.class).state();
        return state == RunState.ACCEPTED || state == RunState.REJECTED;
    }

    static List<ConsumerRecord<String, byte[]>> decisions(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().filter(ThreeServicesOverKafkaTest::isDecision).toList();
    }

    @Test
    void aValidConfigAnInvalidOneAndGarbageEachGetTheirOneAnswer() throws Exception {
        String bootstrap = broker.bootstrapServers();
        // as with kcat: no key, no headers
        TestKafka.publish(bootstrap, Topics.RUNS, null,
                ("{\"runId\":\"sys-good\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"viewmaker\",\"steps\":20,\"batchSize\":32,"
                        + "\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1}").getBytes(StandardCharsets.UTF_8), Map.of());
        TestKafka.publish(bootstrap, Topics.RUNS, null,
                "{\"runId\":\"sys-bad\",\"dataset\":\"mnist-typo\",\"steps\":-1,\"budget\":NaN}".getBytes(StandardCharsets.UTF_8), Map.of());
        TestKafka.publish(bootstrap, Topics.RUNS, null, new byte[] {0x00, (byte) 0x9f, 0x42, 0x13}, Map.of());

        // the intake decisions (the accepted run then trains: PROGRESS statuses follow)
        List<ConsumerRecord<String, byte[]>> statuses = TestKafka.readUntil(bootstrap, TestKafka.RUN_HISTORY, Duration.ofSeconds(60),
                rs -> decisions(rs).size() >= 2).stream().filter(r -> isDecision(r)).toList();
        Map<String, RunStatus> byRun = statuses.stream().map(r -> JsonEvents.decode(r.value(), RunStatus.class))
                .collect(Collectors.toMap(RunStatus::runId, s -> s));
        assertEquals(2, statuses.size(), "one status per config record");
        assertEquals(RunState.ACCEPTED, byRun.get("sys-good").state());
        assertEquals(20, byRun.get("sys-good").config().steps());
        assertEquals(0.05, byRun.get("sys-good").config().budget());
        RunStatus bad = byRun.get("sys-bad");
        assertEquals(RunState.REJECTED, bad.state());
        assertEquals(List.of("budget", "dataset", "steps"), bad.errors().stream().map(e -> e.field()).sorted().toList(), bad.reason());
        statuses.forEach(r -> assertEquals(r.key(), JsonEvents.decode(r.value(), RunStatus.class).runId(), "statuses keyed by runId"));

        List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readUntil(bootstrap, Topics.DLQ, Duration.ofSeconds(30), rs -> !rs.isEmpty());
        assertEquals(1, dlq.size());
        assertTrue(TestKafka.header(dlq.get(0), "dead-letter-reason").contains("not JSON"));

        ServiceSpec augmenter = stack.services().get(0);
        ServiceSpec trainer = stack.services().get(1);
        ServiceSpec evaluator = stack.services().get(2);
        for (ServiceSpec follower : List.of(trainer, evaluator)) {
            JsonNode run = null;
            for (int i = 0; i < 100 && run == null; i++) {
                run = get(follower, "/api/runs/sys-good");
                Thread.sleep(100);
            }
            assertTrue(run != null, follower.name() + " follows the accepted run");
            assertTrue(List.of("ACCEPTED", "RUNNING", "COMPLETED").contains(run.get("state").asText()), run.toString());
            assertEquals("viewmaker", run.get("config").get("mode").asText());
        }
        for (ServiceSpec s : stack.services()) {
            assertTrue(stack.ready(s), s.name() + " still ready after garbage");
        }
        String metrics = text(augmenter, "/q/metrics");
        assertTrue(metrics.contains("featuredrop_augmenter_intake_records_total{outcome=\"accepted\"} 1.0"), metrics);
        assertTrue(metrics.contains("featuredrop_augmenter_intake_records_total{outcome=\"rejected\"} 1.0"));
        assertTrue(metrics.contains("featuredrop_augmenter_intake_records_total{outcome=\"dead_lettered\"} 1.0"));
    }
}
