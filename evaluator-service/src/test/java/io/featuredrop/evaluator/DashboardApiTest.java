package io.featuredrop.evaluator;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.EvalResult;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.RunState;
import io.featuredrop.events.RunStatus;
import io.featuredrop.testing.KafkaBrokerTestResource;
import io.featuredrop.testing.TestKafka;
import io.featuredrop.topics.Topics;
import io.featuredrop.wire.JsonEvents;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's JSON for statistics and loss curves, from records on a real broker: a sweep's
 * runs grouped with the mean and 95% interval per task and Viewmaker - expert matched by seed, and
 * a run's loss over steps bounded to 500 points; and the bundled chart library.
 */
@QuarkusTest
@QuarkusTestResource(value = KafkaBrokerTestResource.class, restrictToAnnotatedClass = true)
@Tag("broker")
class DashboardApiTest {

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private void accept(String runId, String mode, long seed, int steps) {
        RunConfig c = RunConfigValidator.check(("{\"runId\":\"" + runId + "\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode
                + "\",\"steps\":" + steps + ",\"seed\":" + seed + "}").getBytes(StandardCharsets.UTF_8)).config();
        status(RunStatus.accepted(c, "augmenter"));
    }

    private void status(RunStatus s) {
        TestKafka.publish(bootstrap, Topics.RUN_STATUS, s.runId(), JsonEvents.encode(s), Map.of());
    }

    private void probed(String runId, long step, double garment, double digit) {
        for (Map.Entry<String, Double> t : java.util.List.of(Map.entry("garment", garment), Map.entry("digit", digit))) {
            EvalResult r = new EvalResult(1, runId, step, t.getKey(), 10, t.getValue(), null, ProbeSettings.defaults(), "sgd", "ab",
                    Map.of(), Instant.EPOCH);
            TestKafka.publish(bootstrap, Topics.EVAL_RESULTS, runId, JsonEvents.encode(r), Map.of());
        }
    }

    @Test
    void aSweepsFinishedSeedsAreSummarisedWithIntervalsAndAPairedVerdict() {
        // the README's 3-seed demo on the digit; a fourth Viewmaker seed is still training
        double[] vm = {0.309, 0.326, 0.358};
        double[] ex = {0.228, 0.202, 0.205};
        for (int seed = 0; seed < 3; seed++) {
            for (String mode : new String[] {"viewmaker", "expert"}) {
                String id = "dash-fashion-mnist-mnist-" + mode + "-s" + seed;
                accept(id, mode, seed, 40);
                status(RunStatus.of(id, RunState.COMPLETED, "trainer", null));
                probed(id, 40, mode.equals("viewmaker") ? 0.73 : 0.77, mode.equals("viewmaker") ? vm[seed] : ex[seed]);
            }
        }
        accept("dash-fashion-mnist-mnist-viewmaker-s3", "viewmaker", 3, 40);
        probed("dash-fashion-mnist-mnist-viewmaker-s3", 20, 0.1, 0.1);
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> given().get("/api/summary").jsonPath()
                .getList("groups.find { it.sweep == 'dash' }.waiting").size() == 1);
        JsonPath summary = given().get("/api/summary").then().statusCode(200).extract().jsonPath();
        assertEquals(0.95, summary.getDouble("confidence"));
        String dash = "groups.find { it.sweep == 'dash' }";
        assertEquals(java.util.List.of("garment", "digit"), summary.getList(dash + ".tasks"));
        assertEquals(java.util.List.of("expert", "viewmaker"), summary.getList(dash + ".rows.mode"));
        String digit = dash + ".rows[1].cells.find { it.task == 'digit' }";
        assertEquals(3, summary.getInt(digit + ".accuracy.n"));
        // scipy: ttest_1samp([.309, .326, .358], 0).confidence_interval() = (0.26920, 0.39280)
        assertEquals(0.2691953726181287, summary.getDouble(digit + ".accuracy.low"), 1e-6);
        assertEquals("FIRST_HIGHER", summary.getString(dash + ".comparisons[1].verdict.outcome"));
        assertEquals("viewmaker > expert on digit at 95% (viewmaker - expert +0.119, interval +0.029..+0.209, 3 seeds); the reverse does not hold",
                summary.getString(dash + ".comparisons[1].verdict.sentence"));
    }

    @Test
    void aRunsLossOverStepsIsServedBoundedWithItsNewestStep() {
        accept("loss-1", "expert", 0, 1200);
        java.util.Properties props = new java.util.Properties();
        props.put("bootstrap.servers", bootstrap);
        try (var producer = new org.apache.kafka.clients.producer.KafkaProducer<String, byte[]>(props,
                new org.apache.kafka.common.serialization.StringSerializer(), new org.apache.kafka.common.serialization.ByteArraySerializer())) {
            for (int step = 1; step <= 1200; step++) { // one PROGRESS per step, as the trainer publishes them
                RunStatus s = RunStatus.progress("loss-1", "trainer", step, 5.0 - step / 1000.0, 3.0);
                producer.send(new org.apache.kafka.clients.producer.ProducerRecord<>(Topics.RUN_STATUS, s.runId(), JsonEvents.encode(s)));
            }
        }
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
            var r = given().get("/api/runs/loss-1/loss");
            return r.statusCode() == 200 && r.jsonPath().getInt("points[-1].step") == 1200;
        });
        given().get("/api/runs/loss-1/loss").then().statusCode(200).body("runId", equalTo("loss-1")).body("stride", equalTo(4))
                .body("points.size()", lessThanOrEqualTo(500)).body("points[0].step", equalTo(4)).body("points[0].loss", equalTo(4.996f));
        given().get("/api/runs/no-such-run/loss").then().statusCode(404);
    }

    @Test
    void thePageLoadsTheBundledChartLibraryAndSaysSoWhenItIsMissing() throws Exception {
        given().get("/").then().statusCode(200).body(containsString("src=\"vendor/chart.umd.js\"")).body(containsString("id=\"loss-chart\""))
                .body(containsString("id=\"summary-groups\""));
        given().get("/dashboard.js").then().statusCode(200).body(containsString("Charts unavailable")).body(containsString("/api/summary"));
        // scripts/prepare-web.sh puts Chart.js (sha256-checked) where this module's pom bundles it; the test runs where it did
        if (Files.exists(Path.of("src/main/vendor/chart.umd.js"))) {
            given().get("/vendor/chart.umd.js").then().statusCode(200).body(startsWith("/*!\n * Chart.js v4."));
        } else {
            System.err.println("DashboardApiTest: no src/main/vendor/chart.umd.js (run scripts/prepare-web.sh); bundled-library check skipped");
        }
        given().accept("application/json").get("/q/openapi").then().statusCode(200).body(containsString("/api/summary"))
                .body(containsString("/api/runs/{runId}/loss"));
        given().get("/api/summary").then().statusCode(200).body("groups", org.hamcrest.Matchers.notNullValue());
    }
}
