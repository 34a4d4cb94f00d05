package io.featuredrop.augmenter;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.testing.KafkaBrokerTestResource;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.EventHeaders;
import io.featuredrop.wire.JsonEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
@Tag("broker")
class RunIntakeTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private List<RunStatus> statusesOf(String runId, int atLeast) {
        return TestKafka.readUntil(bootstrap, Topics.RUN_STATUS, Duration.ofSeconds(30),
                        rs -> rs.stream().filter(r -> runId.equals(r.key())).count() >= atLeast)
                .stream().filter(r -> runId.equals(r.key()))
                .map(r -> JsonEvents.decode(r.value(), RunStatus.class)).collect(Collectors.toList());
    }

    @Test
    void validConfigIsAcceptedOnceWithItsNormalisedConfigAsACloudEvent() {
        TestKafka.publish(bootstrap, Topics.RUNS, "good-1", "{\"runId\":\"good-1\",\"mode\":\"expert\",\"steps\":30}");
        List<ConsumerRecord<String, byte[]>> records = TestKafka.readUntil(bootstrap, Topics.RUN_STATUS, Duration.ofSeconds(30),
                rs -> rs.stream().anyMatch(r -> "good-1".equals(r.key())));
        ConsumerRecord<String, byte[]> r = records.stream().filter(x -> "good-1".equals(x.key())).findFirst().orElseThrow();
        RunStatus s = JsonEvents.decode(r.value(), RunStatus.class);
        assertEquals(RunState.ACCEPTED, s.state());
        assertEquals(30, s.config().steps());
        assertEquals(128, s.config().batchSize(), "defaults filled in");
        assertEquals("io.featuredrop.RunStatus", TestKafka.header(r, "ce_type"));
        assertEquals("1.0", TestKafka.header(r, "ce_specversion"));
        assertNotNull(TestKafka.header(r, "ce_id"));
        assertTrue(TestKafka.header(r, EventHeaders.SOURCE).startsWith("fd.runs-"));

        given().when().get("/api/runs/good-1").then().statusCode(200).body("state", equalTo("ACCEPTED"));
    }

    @Test
    void invalidConfigIsRejectedNamingEveryField() {
        TestKafka.publish(bootstrap, Topics.RUNS, "bad-1", "{\"runId\":\"bad-1\",\"steps\":0,\"budget\":3,\"modee\":\"expert\"}");
        RunStatus s = statusesOf("bad-1", 1).get(0);
        assertEquals(RunState.REJECTED, s.state());
        Map<String, String> errors = s.errors().stream().collect(Collectors.toMap(e -> e.field(), e -> e.reason()));
        assertEquals(3, errors.size(), errors.toString());
        assertTrue(errors.get("modee").contains("did you mean 'mode'"), errors.toString());
        assertTrue(errors.containsKey("steps") && errors.containsKey("budget"), errors.toString());
    }

    @Test
    void aDuplicateRunIdIsRejectedAndTheFirstRunStaysAccepted() {
        TestKafka.publish(bootstrap, Topics.RUNS, "dup-1", "{\"runId\":\"dup-1\"}");
        TestKafka.publish(bootstrap, Topics.RUNS, "dup-1", "{\"runId\":\"dup-1\",\"steps\":7}");
        List<RunStatus> s = statusesOf("dup-1", 2);
        assertEquals(2, s.size(), "exactly one status per record");
        assertEquals(RunState.ACCEPTED, s.get(0).state());
        assertEquals(RunState.REJECTED, s.get(1).state());
        assertTrue(s.get(1).reason().contains("duplicate"), s.get(1).reason());
        given().when().get("/api/runs/dup-1").then().statusCode(200).body("state", equalTo("ACCEPTED"));
    }

    @Test
    void garbageGoesToTheDeadLetterTopicWithTheReasonAndTheServiceStaysUp() {
        byte[] garbage = {(byte) 0xca, (byte) 0xfe, 0x00, 0x01, 0x7f};
        TestKafka.publish(bootstrap, Topics.RUNS, null, garbage, Map.of());
        TestKafka.publish(bootstrap, Topics.RUNS, "x", "{\"steps\":5}".getBytes(StandardCharsets.UTF_8), Map.of());
        List<ConsumerRecord<String, byte[]>> dlq = TestKafka.readUntil(bootstrap, Topics.DLQ, Duration.ofSeconds(30), rs -> rs.size() >= 2);
        assertEquals(2, dlq.size());
        assertTrue(java.util.Arrays.equals(garbage, dlq.get(0).value()), "original bytes kept");
        String reason = TestKafka.header(dlq.get(0), "dead-letter-reason");
        assertNotNull(reason);
        assertTrue(reason.contains("not JSON"), reason);
        assertTrue(TestKafka.header(dlq.get(1), "dead-letter-reason").contains("runId: missing"));
        assertEquals("{\"steps\":5}", new String(dlq.get(1).value(), StandardCharsets.UTF_8));

        // still serving: a valid run after the garbage is accepted
        TestKafka.publish(bootstrap, Topics.RUNS, "after-garbage", "{\"runId\":\"after-garbage\"}");
        assertEquals(RunState.ACCEPTED, statusesOf("after-garbage", 1).get(0).state());
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("featuredrop_augmenter_intake_records_total{outcome=\"dead_lettered\""));
    }
}
