package io.featuredrop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.events.FieldError;
import io.featuredrop.events.RunConfig;
import io.featuredrop.wire.JsonEvents;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class SweepGridTest {

    private static SweepGrid.Expansion expand(String json) throws Exception {
        return SweepGrid.expand(JsonEvents.mapper().readTree(json));
    }

    @Test
    void crossesDatasetsModesAndSeedsOverTheBase() throws Exception {
        SweepGrid.Expansion e = expand("""
                {"name":"s1","base":{"steps":50,"batchSize":32,"probe":{"features":"pooled"}},
                 "datasets":["fashion-mnist+mnist"],"modes":["expert","viewmaker+expert"],"seeds":[0,7]}""");
        assertTrue(e.valid(), e.errors().toString());
        assertEquals(List.of("s1-fashion-mnist-mnist-expert-s0", "s1-fashion-mnist-mnist-expert-s7",
                "s1-fashion-mnist-mnist-viewmaker-expert-s0", "s1-fashion-mnist-mnist-viewmaker-expert-s7"),
                e.configs().stream().map(RunConfig::runId).toList());
        RunConfig last = e.configs().get(3);
        assertEquals(7, last.seed());
        assertEquals("viewmaker+expert", last.mode().wireName());
        assertEquals(50, last.steps());
        assertEquals("pooled", last.probe().features());
    }

    @Test
    void aCellsSweepIsReadBackFromItsRunId() throws Exception {
        SweepGrid.Expansion e = expand("""
                {"name":"modes.v2","datasets":["fashion-mnist+mnist"],"modes":["viewmaker+expert"],"seeds":[-3]}""");
        assertTrue(e.valid(), e.errors().toString());
        assertEquals(java.util.Optional.of("modes.v2"), SweepGrid.sweepOf(e.configs().get(0)));
        // a run named by hand is in no sweep, nor is one whose id ends like a cell of another seed
        RunConfig byHand = RunConfigValidator.check("{\"runId\":\"vm-1\",\"mode\":\"viewmaker\"}".getBytes()).config();
        assertEquals(java.util.Optional.empty(), SweepGrid.sweepOf(byHand));
        RunConfig otherSeed = RunConfigValidator.check("{\"runId\":\"x-fashion-mnist-mnist-viewmaker-s1\",\"mode\":\"viewmaker\",\"seed\":2}"
                .getBytes()).config();
        assertEquals(java.util.Optional.empty(), SweepGrid.sweepOf(otherSeed));
    }

    @Test
    void everyBadFieldIsNamedAndNothingIsPublishable() throws Exception {
        SweepGrid.Expansion e = expand("""
                {"name":"s1","base":{"steps":-3},"datasets":["fashion-mnist+mnist"],"modes":["expert","crop"],"seeds":[0,"x"],"colour":1}""");
        assertFalse(e.valid());
        assertTrue(e.configs().isEmpty());
        List<String> fields = e.errors().stream().map(FieldError::field).toList();
        assertTrue(fields.contains("colour"), fields.toString());
        assertTrue(fields.contains("seeds"), fields.toString());

        SweepGrid.Expansion cells = expand("""
                {"name":"s1","base":{"steps":-3},"datasets":["fashion-mnist+mnist"],"modes":["expert","crop"],"seeds":[0]}""");
        List<String> cellFields = cells.errors().stream().map(FieldError::field).toList();
        assertTrue(cellFields.contains("s1-fashion-mnist-mnist-expert-s0: steps"), cellFields.toString());
        assertTrue(cellFields.contains("s1-fashion-mnist-mnist-crop-s0: mode"), cellFields.toString());
    }

    @Test
    void repeatsAndMissingListsAreRefused() throws Exception {
        assertEquals("s1-fashion-mnist-mnist-none-s0: appears twice (a list repeats a value)",
                expand("{\"name\":\"s1\",\"datasets\":[\"fashion-mnist+mnist\"],\"modes\":[\"none\",\"none\"],\"seeds\":[0]}").errors().get(0).toString());
        assertEquals("modes", expand("{\"name\":\"s1\",\"datasets\":[\"fashion-mnist+mnist\"]}").errors().get(0).field());
        assertEquals("name", expand("{\"name\":\"../x\",\"base\":{\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"none\"}}").errors().get(0).field());
        assertTrue(expand("{\"name\":\"ok\",\"base\":{\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"none\",\"seed\":4}}").valid());
    }
}
