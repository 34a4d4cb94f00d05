package io.featuredrop.evaluator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.featuredrop.events.RunConfig;
import io.featuredrop.testing.KafkaBrokerTestResource;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The dashboard's run form endpoint: token, shared validation, publication to fd.runs; the page and the OpenAPI document. */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
@Tag("broker")
class RunSubmissionTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aValidConfigWithTheTokenIsPublishedToFdRunsWithItsDefaultsFilledIn() {
        given().header("Authorization", "Bearer test-token").contentType("application/json")
                .body("{\"runId\":\"form-1\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"expert\",\"steps\":40}")
                .post("/api/run-configs").then().statusCode(202).body("runId", equalTo("form-1")).body("published", equalTo(true));
        List<ConsumerRecord<String, byte[]>> records = TestKafka.readUntil(bootstrap, Topics.RUNS, Duration.ofSeconds(30),
                rs -> rs.stream().anyMatch(r -> "form-1".equals(r.key())));
        ConsumerRecord<String, byte[]> r = records.stream().filter(x -> "form-1".equals(x.key())).findFirst().orElseThrow();
        RunConfig published = JsonEvents.decode(r.value(), RunConfig.class);
        assertEquals(40, published.steps());
        assertEquals(0.05, published.budget()); // normalised by the shared validator
        assertEquals("io.featuredrop.RunConfig", TestKafka.header(r, "ce_type"));
    }

    @Test
    void withoutTheTokenNothingIsPublished() {
        given().contentType("application/json").body("{\"runId\":\"form-2\",\"mode\":\"expert\"}")
                .post("/api/run-configs").then().statusCode(401).body("errors[0].field", equalTo("Authorization"));
        given().header("Authorization", "Bearer wrong").contentType("application/json").body("{\"runId\":\"form-2\",\"mode\":\"expert\"}")
                .post("/api/run-configs").then().statusCode(401);
        TestKafka.publish(bootstrap, Topics.RUNS, "marker-2", "{}");
        List<ConsumerRecord<String, byte[]>> records = TestKafka.readUntil(bootstrap, Topics.RUNS, Duration.ofSeconds(30),
                rs -> rs.stream().anyMatch(r -> "marker-2".equals(r.key())));
        assertEquals(0, records.stream().filter(r -> "form-2".equals(r.key())).count());
    }

    @Test
    void anInvalidConfigIsAnsweredWithEveryBadField() {
        given().header("Authorization", "Bearer test-token").contentType("application/json")
                .body("{\"runId\":\"form-3\",\"dataset\":\"mnist-typo\",\"mode\":\"crop\",\"steps\":-1}")
                .post("/api/run-configs").then().statusCode(400).body("published", equalTo(false))
                .body("errors.field", hasItems("dataset", "mode", "steps"));
    }

    @Test
    void theDashboardItsFormInfoAndTheOpenApiDocumentAreServed() {
        given().get("/").then().statusCode(200).body(containsString("id=\"submit-form\""));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("/api/run-configs"));
        given().get("/api/run-configs").then().statusCode(200).body("tokenRequired", equalTo(true))
                .body("modes", hasItems("none", "expert", "viewmaker", "viewmaker+expert"))
                .body("tasks.'fashion-mnist+mnist'", hasItems("garment", "digit"));
        given().accept("application/json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/run-configs")).body(containsString("/api/results")).body(containsString("/api/runs/{runId}/views"));
    }
}
