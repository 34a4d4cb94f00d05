package io.featuredrop.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.wire.JsonEvents;
import io.featuredrop.wire.WireFormatException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class JsonEventsTest {

    static RunConfig config(String runId) {
        return RunConfigValidator.check(("{\"runId\":\"" + runId + "\",\"mode\":\"expert\",\"steps\":20,\"batchSize\":32}")
                .getBytes(StandardCharsets.UTF_8)).config();
    }

    @Test
    void runStatusesRoundTrip() {
        RunStatus accepted = RunStatus.accepted(config("r1"), "augmenter");
        assertEquals(accepted, JsonEvents.decode(JsonEvents.encode(accepted), RunStatus.class));

        RunStatus rejected = RunStatus.rejected("r2", List.of(new FieldError("steps", "must be in [1, 100000000], was 0")), "augmenter");
        RunStatus back = JsonEvents.decode(JsonEvents.encode(rejected), RunStatus.class);
        assertEquals(rejected, back);
        assertTrue(back.reason().contains("steps"), back.reason());

        RunStatus progress = RunStatus.progress("r3", "trainer", 12, 4.25, 3.5);
        assertEquals(progress, JsonEvents.decode(JsonEvents.encode(progress), RunStatus.class));
        assertFalse(JsonEvents.encodeToString(progress).contains("\"config\""), "nulls are left out");
    }

    @Test
    void checkpointsAndEvalResultsRoundTrip() {
        Checkpoint c = new Checkpoint(1, "r1", 100, CheckpointKind.ENCODER, "file:///ckpt/r1/100.params",
                "ab".repeat(32), 12345, "trainer", Instant.parse("2026-11-26T10:00:00Z"), Map.of("torch.intraOpThreads", "2"));
        assertEquals(c, JsonEvents.decode(JsonEvents.encode(c), Checkpoint.class));
        EvalResult r = new EvalResult(1, "r1", 100, "digit", 10, 0.875, 0.5, ProbeSettings.defaults(), "lbfgs",
                c.sha256(), Map.of("git", "abc123", "djl", "0.36.0"), Instant.parse("2026-11-26T10:01:00Z"));
        assertEquals(r, JsonEvents.decode(JsonEvents.encode(r), EvalResult.class));
        assertTrue(JsonEvents.encodeToString(r).contains("\"evaluatedAt\":\"2026-11-26T10:01:00Z\""), "ISO timestamps");
    }

    @Test
    void readersTolerateAddedFieldsOfNewerInternalEvents() {
        String newer = "{\"schemaVersion\":1,\"runId\":\"r\",\"state\":\"RUNNING\",\"service\":\"trainer\","
                + "\"at\":\"2026-11-26T10:00:00Z\",\"someFutureField\":{\"x\":1}}";
        RunStatus s = JsonEvents.decode(newer.getBytes(StandardCharsets.UTF_8), RunStatus.class);
        assertEquals(RunState.RUNNING, s.state());
    }

    @Test
    void aConfigWrittenBeforeTheRecipeFieldsReadsAsTheOldRecipe() {
        // statuses and checkpoints of runs from before issue 15 carry configs without these fields;
        // a restarted service must still read (and resume) them as they were trained
        com.fasterxml.jackson.databind.node.ObjectNode old = JsonEvents.mapper().valueToTree(config("old"));
        old.remove(java.util.List.of("normalizeInputs", "encoderPasses", "weightInit"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) old.get("probe")).remove("protocol");
        RunConfig read = JsonEvents.decode(old.toString().getBytes(StandardCharsets.UTF_8), RunConfig.class);
        assertEquals(false, read.inputsNormalized());
        assertEquals(1, read.encoderPassCount());
        assertEquals(io.featuredrop.model.WeightInit.DJL, read.weightInitScheme());
        assertEquals("clean", read.probe().protocolName());
        RunConfig current = config("new");
        assertEquals(true, current.inputsNormalized());
        assertEquals(2, current.encoderPassCount());
        assertEquals(io.featuredrop.model.WeightInit.DJL, current.weightInitScheme());
        assertEquals(io.featuredrop.model.WeightInit.PYTORCH, JsonEvents.decode(JsonEvents.encodeToString(current)
                .replace("\"weightInit\":\"djl\"", "\"weightInit\":\"pytorch\"").getBytes(StandardCharsets.UTF_8), RunConfig.class).weightInitScheme());
    }

    @Test
    void garbageAndTruncationGiveAClearException() {
        byte[] good = JsonEvents.encode(RunStatus.accepted(config("r1"), "augmenter"));
        for (int cut = 0; cut < good.length - 1; cut += 7) {
            byte[] truncated = java.util.Arrays.copyOf(good, cut);
            WireFormatException e = assertThrows(WireFormatException.class, () -> JsonEvents.decode(truncated, RunStatus.class));
            assertTrue(e.getMessage().contains("RunStatus"), e.getMessage());
        }
        assertThrows(WireFormatException.class, () -> JsonEvents.decode(new byte[] {(byte) 0xff, 0x00, 0x13}, Checkpoint.class));
        assertThrows(WireFormatException.class, () -> JsonEvents.decode("null".getBytes(StandardCharsets.UTF_8), Checkpoint.class));
        assertThrows(WireFormatException.class, () -> JsonEvents.decode("{\"state\":\"EXPLODED\"}".getBytes(StandardCharsets.UTF_8), RunStatus.class));
    }
}
