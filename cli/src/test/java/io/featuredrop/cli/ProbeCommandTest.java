package io.featuredrop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.wire.JsonEvents;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code featuredrop probe} re-probes a train-local Viewmaker checkpoint under the paper's protocol
 * (probe fitted on the run's own views, pre-pool features) and the clean one, and says which
 * produced each result; a wrong protocol exits 2.
 */
@Tag("fast")
class ProbeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void probesACheckpointUnderEitherProtocolAndNamesIt() throws Exception {
        Path checkpoint = ExportCommandTest.trainTinyViewmaker(tmp, "probe-me");
        for (String protocol : new String[] {"paper", "clean"}) {
            Path json = tmp.resolve(protocol + ".json");
            ExportCommandTest.Result r = ExportCommandTest.execute("probe", checkpoint.toString(), "--protocol", protocol,
                    "--probe-train", "64", "--probe-test", "32", "--probe-epochs", "2", "--json", json.toString());
            assertEquals(0, r.exitCode(), r.output());
            JsonNode out = JsonEvents.mapper().readTree(json.toFile());
            assertEquals(protocol, out.get("probe").get("protocol").asText());
            assertEquals(protocol.equals("paper") ? "views" : "clean", out.get("probe").get("trainOn").asText());
            assertEquals("prepool", out.get("probe").get("features").asText());
            for (String task : new String[] {"garment", "digit"}) {
                double acc = out.get("tasks").get(task).get("accuracy").asDouble();
                assertTrue(acc >= 0 && acc <= 1, task + " " + acc);
            }
            assertTrue(r.output().contains("probe fitted on " + (protocol.equals("paper") ? "views" : "clean") + " images"), r.output());
        }
        ExportCommandTest.Result bad = ExportCommandTest.execute("probe", checkpoint.toString(), "--protocol", "linear");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.output().contains("--protocol must be clean or paper"), bad.output());
    }
}
