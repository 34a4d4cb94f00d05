package io.featuredrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Readiness answers in the shape Quarkus SmallRye Health writes them (200 when UP, 503 when DOWN). */
@Tag("fast")
class ReadinessReportTest {

    static final String UP = """
            {
                "status": "UP",
                "checks": [
                    {
                        "name": "SmallRye Reactive Messaging - readiness check",
                        "status": "UP",
                        "data": {
                            "runs": "[OK]",
                            "status-history": "[OK]",
                            "run-status": "[OK]",
                            "views": "[OK]"
                        }
                    },
                    {
                        "name": "Kafka connection health check",
                        "status": "UP",
                        "data": {
                            "nodes": "127.0.0.1:9092"
                        }
                    }
                ]
            }""";

    static final String BROKER_GONE = """
            {
                "status": "DOWN",
                "checks": [
                    {
                        "name": "SmallRye Reactive Messaging - readiness check",
                        "status": "DOWN",
                        "data": {
                            "runs": "[KO] - Timeout expired while fetching topic metadata",
                            "status-history": "[OK]",
                            "run-status": "[OK]",
                            "view-gradients": "[KO] - Timeout expired while fetching topic metadata"
                        }
                    },
                    {
                        "name": "Kafka connection health check",
                        "status": "DOWN",
                        "data": {
                            "reason": "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeCluster"
                        }
                    }
                ]
            }""";

    @Test
    void upIsUp() {
        ReadinessReport r = ReadinessReport.parse(200, UP);
        assertTrue(r.up());
        assertEquals(List.of(), r.reasons());
        assertEquals("UP", r.summary());
    }

    @Test
    void downNamesEachDownCheckWithOnlyItsFailingChannels() {
        ReadinessReport r = ReadinessReport.parse(503, BROKER_GONE);
        assertFalse(r.up());
        assertEquals(List.of(
                "SmallRye Reactive Messaging - readiness check: runs=[KO] - Timeout expired while fetching topic metadata, "
                        + "view-gradients=[KO] - Timeout expired while fetching topic metadata",
                "Kafka connection health check: reason=org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeCluster"),
                r.reasons(), "the [OK] channels are not a reason");
        assertTrue(r.summary().length() <= ReadinessReport.MAX_REASONS, r.summary());
        assertTrue(r.summary().startsWith("SmallRye Reactive Messaging - readiness check: runs=[KO]"), r.summary());
        assertEquals(String.join("; ", r.reasons()), r.summary());
    }

    @Test
    void notYetInitialisedHasNoDataButItsNameSaysWhy() {
        ReadinessReport r = ReadinessReport.parse(503, """
                {"status":"DOWN","checks":[{"name":"SmallRye Reactive Messaging - not yet initialized","status":"DOWN"},
                {"name":"Kafka connection health check","status":"UP","data":{"nodes":"127.0.0.1:9092"}}]}""");
        assertEquals(List.of("SmallRye Reactive Messaging - not yet initialized"), r.reasons());
    }

    @Test
    void aLongValueIsCutToOneBoundedLine() {
        String trace = "java.lang.IllegalStateException: x\n\tat a.b.C.d(C.java:1)\n".repeat(40);
        ReadinessReport r = ReadinessReport.parse(503, "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"store\",\"status\":\"DOWN\",\"data\":{\"error\":"
                + new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(trace) + ",\"tries\":3}}]}");
        String reason = r.reasons().get(0);
        assertTrue(reason.startsWith("store: error=java.lang.IllegalStateException: x at a.b.C.d(C.java:1)"), reason);
        assertTrue(reason.endsWith("..., tries=3"), "every data entry is shown, each bounded: " + reason);
        assertFalse(reason.contains("\n"));
        assertTrue(reason.length() < ReadinessReport.MAX_VALUE + 40, reason);
    }

    @Test
    void manyDownChecksMakeOneBoundedLine() {
        StringBuilder checks = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            checks.append(i == 0 ? "" : ",").append("{\"name\":\"check ").append(i).append("\",\"status\":\"DOWN\",\"data\":{\"reason\":\"broker unreachable\"}}");
        }
        ReadinessReport r = ReadinessReport.parse(503, "{\"status\":\"DOWN\",\"checks\":[" + checks + "]}");
        assertEquals(20, r.reasons().size());
        assertEquals(ReadinessReport.MAX_REASONS, r.summary().length());
        assertTrue(r.summary().endsWith("..."), "cut, and says so: " + r.summary());
    }

    @Test
    void anAnswerThatIsNotHealthJsonIsReportedAsItCame() {
        ReadinessReport r = ReadinessReport.parse(404, "<html><body>Resource not found</body></html>");
        assertFalse(r.up());
        assertEquals("HTTP 404, not a health answer: <html><body>Resource not found</body></html>", r.summary());
        ReadinessReport down = ReadinessReport.parse(503, "{\"status\":\"DOWN\",\"checks\":[]}");
        assertEquals("HTTP 503, status DOWN, no check says why", down.summary());
        assertFalse(ReadinessReport.parse(500, "{\"status\":\"UP\"}").up(), "UP needs HTTP 200 too");
    }
}
