package io.featuredrop.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.config.ConfigCheck.Outcome;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.FieldError;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.WirePrecision;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@Tag("fast")
class RunConfigValidatorTest {

    private static ConfigCheck check(String json) {
        return RunConfigValidator.check(json.getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, String> errorsOf(ConfigCheck c) {
        return c.errors().stream().collect(Collectors.toMap(FieldError::field, FieldError::reason, (a, b) -> a + " | " + b));
    }

    @Test
    void aMinimalConfigGetsEveryDefault() {
        ConfigCheck c = check("{\"runId\":\"r-1\"}");
        assertEquals(Outcome.VALID, c.outcome(), c.summary());
        RunConfig cfg = c.config();
        assertEquals("fashion-mnist+mnist", cfg.dataset());
        assertEquals(AugmentationMode.VIEWMAKER, cfg.mode());
        assertEquals(500, cfg.steps());
        assertEquals(128, cfg.batchSize());
        assertEquals(0.07, cfg.temperature());
        assertEquals(0.05, cfg.budget(), "the dataset's budget");
        assertEquals(0.03, cfg.encoderLr());
        assertEquals(1e-3, cfg.generatorLr());
        assertEquals(1, cfg.maxInFlight());
        assertEquals(100, cfg.checkpointEvery());
        assertEquals(WirePrecision.FP32, cfg.wirePrecision());
        assertEquals("prepool", cfg.probe().features());
        assertEquals(10_000, cfg.probe().trainSize());
        assertEquals(5_000, cfg.probe().testSize());
        // the paper's recipe (issue 15)
        assertTrue(cfg.normalizeInputs());
        assertEquals(Integer.valueOf(2), cfg.encoderPasses());
        assertEquals("djl", cfg.weightInit());
        assertEquals("clean", cfg.probe().protocol());
        assertEquals("clean", cfg.probe().trainOn());
    }

    @Test
    void theProbeProtocolDecidesWhatTheProbeIsFittedOn() {
        RunConfig paper = check("{\"runId\":\"r\",\"probe\":{\"protocol\":\"paper\"}}").config();
        assertEquals("paper", paper.probe().protocol());
        assertEquals("views", paper.probe().trainOn());
        assertEquals("prepool", paper.probe().features());
        assertEquals(100, paper.probe().epochs());
        RunConfig byTrainOn = check("{\"runId\":\"r\",\"probe\":{\"trainOn\":\"views\"}}").config();
        assertEquals("paper", byTrainOn.probe().protocol(), "a trainOn alone names its protocol");
        ConfigCheck contradiction = check("{\"runId\":\"r\",\"probe\":{\"protocol\":\"clean\",\"trainOn\":\"views\"}}");
        assertEquals(Outcome.INVALID, contradiction.outcome());
        assertTrue(contradiction.summary().contains("probe.trainOn") && contradiction.summary().contains("use protocol paper"),
                contradiction.summary());
    }

    @Test
    void lettersGetTheirOwnBudgetAndEveryFieldCanBeSet() {
        ConfigCheck c = check("{\"schemaVersion\":1,\"runId\":\"sweep.letters_3\",\"dataset\":\"fashion-mnist+letters\","
                + "\"mode\":\"viewmaker+expert\",\"steps\":50,\"batchSize\":64,\"seed\":-3,\"encoder\":\"resnet18\","
                + "\"encoderWidth\":32,\"embeddingDim\":64,\"projectionHead\":true,\"encoderLr\":0.1,\"encoderMomentum\":0,"
                + "\"encoderWeightDecay\":0,\"temperature\":0.5,\"loss\":\"symmetric\",\"generatorWidth\":32,\"generatorBlocks\":0,"
                + "\"generatorLr\":0.01,\"clampViews\":true,\"maxInFlight\":4,\"checkpointEvery\":50,\"wirePrecision\":\"fp16\","
                + "\"probe\":{\"features\":\"pooled\",\"trainOn\":\"views\",\"trainSize\":1000,\"testSize\":500,\"epochs\":5,\"learningRate\":0.1}}");
        assertEquals(Outcome.VALID, c.outcome(), c.summary());
        assertEquals(0.1, c.config().budget());
        assertEquals(AugmentationMode.VIEWMAKER_EXPERT, c.config().mode());
        assertEquals(WirePrecision.FP16, c.config().wirePrecision());
        assertEquals(-3, c.config().seed());
        assertEquals("pooled", c.config().probe().features());
        assertEquals(1000, c.config().probe().trainSize());
    }

    @Test
    void aNormalisedConfigIsStillValidAndUnchanged() {
        RunConfig cfg = check("{\"runId\":\"r\",\"dataset\":\"cifar10+shapes\",\"mode\":\"none\"}").config();
        ConfigCheck again = RunConfigValidator.check(cfg);
        assertEquals(Outcome.VALID, again.outcome(), again.summary());
        assertEquals(cfg, again.config());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "{\"runId\":\"r\",\"dataset\":\"imagenet\"}|dataset|unknown dataset 'imagenet'",
        "{\"runId\":\"r\",\"steps\":0}|steps|must be in [1,",
        "{\"runId\":\"r\",\"steps\":-5}|steps|was -5",
        "{\"runId\":\"r\",\"steps\":2.5}|steps|must be an integer",
        "{\"runId\":\"r\",\"steps\":\"100\"}|steps|must be an integer, got string",
        "{\"runId\":\"r\",\"steps\":99999999999999999999}|steps|must be in",
        "{\"runId\":\"r\",\"batchSize\":70000}|batchSize|must be in [2, 65536]",
        "{\"runId\":\"r\",\"batchSize\":1}|batchSize|must be in [2,",
        "{\"runId\":\"r\",\"dataset\":\"cifar10+mnist\",\"batchSize\":60000}|batchSize|larger than dataset cifar10+mnist (50000",
        "{\"runId\":\"r\",\"budget\":0}|budget|must be in (0.0, 1.0]",
        "{\"runId\":\"r\",\"budget\":1.5}|budget|must be in (0.0, 1.0]",
        "{\"runId\":\"r\",\"budget\":NaN}|budget|must be a finite number",
        "{\"runId\":\"r\",\"temperature\":Infinity}|temperature|must be a finite number",
        "{\"runId\":\"r\",\"encoderLr\":\"NaN\"}|encoderLr|must be a finite number",
        "{\"runId\":\"r\",\"encoderLr\":true}|encoderLr|must be a number, got boolean",
        "{\"runId\":\"r\",\"mode\":\"viewmakr\"}|mode|unknown value 'viewmakr'; one of none, expert, viewmaker, viewmaker+expert",
        "{\"runId\":\"r\",\"mode\":3}|mode|must be a string",
        "{\"runId\":\"r\",\"tempreature\":0.1}|tempreature|unknown field; did you mean 'temperature'?",
        "{\"runId\":\"r\",\"colour\":1}|colour|unknown field; known fields:",
        "{\"runId\":\"r\",\"schemaVersion\":2}|schemaVersion|unsupported schemaVersion 2; supported: 1",
        "{\"runId\":\"r\",\"clampViews\":\"yes\"}|clampViews|must be true or false",
        "{\"runId\":\"r\",\"encoderPasses\":3}|encoderPasses|must be in [1,",
        "{\"runId\":\"r\",\"weightInit\":\"he\"}|weightInit|unknown value 'he'; one of pytorch, djl",
        "{\"runId\":\"r\",\"normalizeInputs\":1}|normalizeInputs|must be true or false",
        "{\"runId\":\"r\",\"probe\":{\"protocol\":\"papr\"}}|probe.protocol|unknown value 'papr'; one of clean, paper",
        "{\"runId\":\"r\",\"steps\":10,\"checkpointEvery\":20}|checkpointEvery|must be <= steps (10)",
        "{\"runId\":\"r\",\"maxInFlight\":0}|maxInFlight|must be in [1,",
        "{\"runId\":\"r\",\"wirePrecision\":\"fp8\"}|wirePrecision|one of fp32, fp16",
        "{\"runId\":\"r\",\"encoder\":\"vit\"}|encoder|one of resnet-small, resnet18",
        "{\"runId\":\"r\",\"probe\":{\"trainSize\":70000}}|probe.trainSize|must be in [10, 60000]",
        "{\"runId\":\"r\",\"probe\":{\"features\":\"logits\"}}|probe.features|unknown value 'logits'",
        "{\"runId\":\"r\",\"probe\":{\"epoch\":3}}|probe.epoch|did you mean 'epochs'?",
        "{\"runId\":\"r\",\"probe\":5}|probe|must be an object",
        "{\"runId\":\"has space\"}|runId|malformed 'has space'",
        "{\"runId\":\"-leading-dash\"}|runId|must match",
    })
    void eachRuleNamesItsFieldAndReason(String json, String field, String reasonPart) {
        ConfigCheck c = check(json);
        assertEquals(Outcome.INVALID, c.outcome(), json);
        assertNull(c.config());
        Map<String, String> errors = errorsOf(c);
        assertTrue(errors.containsKey(field), "expected an error on " + field + ", got " + errors);
        assertTrue(errors.get(field).contains(reasonPart), "'" + errors.get(field) + "' should contain '" + reasonPart + "'");
    }

    @Test
    void everyBadFieldIsReportedNotJustTheFirst() {
        ConfigCheck c = check("{\"runId\":\"r\",\"steps\":0,\"batchSize\":\"big\",\"budget\":2,\"dataset\":\"x\",\"typo\":1}");
        assertEquals(Outcome.INVALID, c.outcome());
        assertEquals(List.of("steps", "batchSize", "budget", "dataset", "typo").stream().sorted().toList(),
                errorsOf(c).keySet().stream().sorted().toList());
        assertEquals("r", c.runId());
        assertTrue(c.summary().contains("steps: ") && c.summary().contains("typo: unknown field"), c.summary());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json at all|not JSON",
        "[1,2,3]|expected a JSON object, got array",
        "\"just a string\"|expected a JSON object, got string",
        "{\"steps\":10}|runId: missing",
        "{\"runId\":42}|runId: must be a string",
        "{\"runId\":\"   \"}|runId: malformed",
    })
    void recordsWithNoUsableRunIdAreNotConfigs(String raw, String reasonPart) {
        ConfigCheck c = check(raw);
        assertEquals(Outcome.NOT_A_CONFIG, c.outcome(), raw);
        assertNull(c.runId());
        assertTrue(c.summary().contains(reasonPart), "'" + c.summary() + "' should contain '" + reasonPart + "'");
    }

    @Test
    void emptyAndBinaryRecordsAreNotConfigs() {
        assertEquals(Outcome.NOT_A_CONFIG, RunConfigValidator.check(new byte[0]).outcome());
        assertEquals(Outcome.NOT_A_CONFIG, RunConfigValidator.check(new byte[] {(byte) 0xde, (byte) 0xad, 0, 1}).outcome());
        assertEquals(Outcome.NOT_A_CONFIG, RunConfigValidator.check((byte[]) null).outcome());
    }

    @Test
    void aRecordOverTheSizeLimitIsNotReadAtAll() {
        ConfigCheck c = check("{\"runId\":\"" + "r".repeat(2_000_000) + "\"}");
        assertEquals(Outcome.NOT_A_CONFIG, c.outcome());
        assertTrue(c.summary().contains("larger than the 65536-byte limit"), c.summary());
        assertTrue(c.summary().length() < 500, "bounded reason");
    }

    @Test
    void deepNestingDuplicateKeysAndHugeNumbersAreRefusedWhileParsing() {
        String deep = "{\"runId\":\"r\",\"probe\":" + "[".repeat(100) + "]".repeat(100) + "}";
        assertTrue(check(deep).summary().contains("nesting depth"), check(deep).summary());
        ConfigCheck dup = check("{\"runId\":\"r\",\"steps\":5,\"steps\":500000}");
        assertEquals(Outcome.NOT_A_CONFIG, dup.outcome(), "a key given twice is ambiguous");
        assertTrue(dup.summary().contains("Duplicate field 'steps'"), dup.summary());
        ConfigCheck number = check("{\"runId\":\"r\",\"steps\":" + "9".repeat(500) + "}");
        assertEquals(Outcome.NOT_A_CONFIG, number.outcome());
        assertTrue(number.summary().contains("limits of a run config"), number.summary());
        ConfigCheck name = check("{\"runId\":\"r\",\"" + "n".repeat(1000) + "\":1}");
        assertEquals(Outcome.NOT_A_CONFIG, name.outcome(), name.summary());
    }

    @Test
    void thousandsOfBadFieldsGiveABoundedRejection() {
        StringBuilder sb = new StringBuilder("{\"runId\":\"many-bad\"");
        for (int i = 0; i < 3000; i++) {
            sb.append(",\"f").append(i).append("\":1");
        }
        ConfigCheck c = check(sb.append('}').toString());
        assertEquals(Outcome.INVALID, c.outcome());
        assertEquals(ConfigLimits.MAX_ERRORS + 1, c.errors().size());
        assertEquals("2980 more errors not listed", c.errors().get(ConfigLimits.MAX_ERRORS).reason());
        assertTrue(c.summary().length() < 20 * 600, "summary " + c.summary().length());
    }

    @Test
    void aBatchThatCannotFitOneViewsRecordIsRejectedUpFront() {
        ConfigCheck c = check("{\"runId\":\"r\",\"dataset\":\"cifar10+mnist\",\"batchSize\":20000}");
        assertEquals(Outcome.INVALID, c.outcome(), c.summary());
        assertTrue(errorsOf(c).get("batchSize").contains("more than one fd.views record may hold"), c.summary());
        assertTrue(errorsOf(c).get("batchSize").contains("fp16"), c.summary());
    }
}
