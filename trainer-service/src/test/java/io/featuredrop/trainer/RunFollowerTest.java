package io.featuredrop.trainer;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.testing.KafkaBrokerTestResource;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
@Tag("broker")
class RunFollowerTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void followsAcceptedRunsAndSkipsUnreadableStatuses() {
        RunConfig cfg = RunConfigValidator.check("{\"runId\":\"f-1\",\"mode\":\"none\"}".getBytes(StandardCharsets.UTF_8)).config();
        TestKafka.publish(bootstrap, Topics.RUN_STATUS, "junk", new byte[] {1, 2, 3}, Map.of());
        TestKafka.publish(bootstrap, Topics.RUN_STATUS, "f-1", JsonEvents.encode(RunStatus.accepted(cfg, "augmenter-service")), Map.of());
        TestKafka.publish(bootstrap, Topics.RUN_STATUS, "f-1",
                JsonEvents.encode(RunStatus.rejected("f-1", List.of(new io.featuredrop.events.FieldError("runId", "duplicate")), "augmenter-service")), Map.of());
        TestKafka.publish(bootstrap, Topics.RUN_STATUS, "f-1", JsonEvents.encode(RunStatus.progress("f-1", "trainer-service", 5, 3.2, 1.5)), Map.of());

        Awaitility.await().atMost(30, TimeUnit.SECONDS).untilAsserted(() ->
                given().when().get("/api/runs/f-1").then().statusCode(200)
                        .body("state", equalTo(RunState.RUNNING.name()))
                        .body("config.mode", equalTo("none"))
                        .body("latest.step", equalTo(5)));
        given().when().get("/api/runs/unknown").then().statusCode(404);
        given().when().get("/q/health/ready").then().statusCode(200);
        given().when().get("/q/metrics").then().statusCode(200)
                .body(containsString("featuredrop_trainer_runs{state=\"running\"} 1.0"));
    }
}
