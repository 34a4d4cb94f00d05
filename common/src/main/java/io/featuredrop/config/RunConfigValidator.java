package io.featuredrop.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.data.DatasetInfo;
import io.featuredrop.data.DatasetRegistry;
import io.featuredrop.events.AugmentationMode;
import io.featuredrop.events.FieldError;
import io.featuredrop.events.ProbeSettings;
import io.featuredrop.events.RunConfig;
import io.featuredrop.events.WirePrecision;
import io.featuredrop.model.WeightInit;
import io.featuredrop.topics.TopicCatalog;
import io.featuredrop.wire.Excerpt;
import io.featuredrop.wire.JsonEvents;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one stateless validator of run configs, used by every entry point (CLI, REST, augmenter).
 * It reports every bad field by its path with the reason, fills in defaults, and rejects unknown
 * fields. Stateful rules (a duplicate runId) belong to the augmenter, which owns run intake.
 */
public final class RunConfigValidator {

    public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    /** Longest runId we still answer to with a REJECTED status (anything else has no usable key). */
    public static final int MAX_KEY_LENGTH = 256;
    public static final List<String> ENCODERS = List.of("resnet-small", "resnet18");
    public static final List<String> LOSSES = List.of("paper", "symmetric");

    private RunConfigValidator() {
    }

    public static ConfigCheck check(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return notAConfig("record", "empty record, expected a JSON run config");
        }
        String oversized = ConfigLimits.oversized(bytes);
        if (oversized != null) {
            return notAConfig("record", oversized);
        }
        JsonNode node;
        try {
            node = ConfigLimits.strictMapper().readTree(bytes);
        } catch (StreamConstraintsException e) {
            return notAConfig("record", "beyond the limits of a run config: " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            return notAConfig("record", "not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return notAConfig("record", "not JSON: " + e.getMessage());
        }
        return check(node);
    }

    /** Validates a typed config (CLI, REST) with exactly the same rules as JSON from the wire. */
    public static ConfigCheck check(RunConfig config) {
        return check(JsonEvents.mapper().valueToTree(config));
    }

    public static ConfigCheck check(JsonNode node) {
        if (node == null || !node.isObject()) {
            return notAConfig("record", "expected a JSON object, got " + (node == null ? "nothing" : node.getNodeType().name().toLowerCase()));
        }
        ObjectNode root = (ObjectNode) node;
        List<FieldError> errors = new ArrayList<>();
        FieldReader f = new FieldReader(root, "", errors);

        Long schemaVersion = f.integer("schemaVersion", RunConfig.SCHEMA_VERSION, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (schemaVersion != null && schemaVersion != RunConfig.SCHEMA_VERSION) {
            f.error("schemaVersion", "unsupported schemaVersion " + schemaVersion + "; supported: " + RunConfig.SCHEMA_VERSION);
        }
        String runId = f.string("runId", null);
        String key = usableKey(root.get("runId"));
        if (!f.has("runId")) {
            f.error("runId", "missing; a runId is required (pattern " + RUN_ID.pattern() + ")");
        } else if (runId != null && !RUN_ID.matcher(runId).matches()) {
            f.error("runId", "malformed '" + abbreviate(runId) + "'; must match " + RUN_ID.pattern());
        }

        String datasetName = f.string("dataset", DatasetRegistry.DEFAULT);
        Optional<DatasetInfo> dataset = Optional.empty();
        if (datasetName != null) {
            dataset = DatasetRegistry.find(datasetName);
            if (dataset.isEmpty()) {
                f.error("dataset", "unknown dataset '" + abbreviate(datasetName) + "'; one of " + DatasetRegistry.names());
            }
        }
        AugmentationMode mode = f.choice("mode", AugmentationMode.VIEWMAKER, AugmentationMode::fromWireName, AugmentationMode.names());
        Long steps = f.integer("steps", 500, 1, 100_000_000);
        Long batchSize = f.integer("batchSize", 128, 2, 65_536);
        Long seed = f.integer("seed", 0, Long.MIN_VALUE, Long.MAX_VALUE);
        String encoder = f.choice("encoder", "resnet-small", v -> ENCODERS.contains(v) ? Optional.of(v) : Optional.empty(), String.join(", ", ENCODERS));
        Long encoderWidth = f.integer("encoderWidth", 16, 4, 512);
        Long embeddingDim = f.integer("embeddingDim", 128, 1, 8192);
        Boolean projectionHead = f.bool("projectionHead", false);
        Boolean normalizeInputs = f.bool("normalizeInputs", true);
        Long encoderPasses = f.integer("encoderPasses", 2, 1, 2);
        // DJL's default measured better than PyTorch's for the Viewmaker (docs/ML.md, issue 15)
        String weightInit = f.choice("weightInit", WeightInit.DJL.wireName(),
                v -> WeightInit.fromWireName(v).map(WeightInit::wireName), WeightInit.names());
        Double encoderLr = f.number("encoderLr", 0.03, 0, false, 10, true);
        Double encoderMomentum = f.number("encoderMomentum", 0.9, 0, true, 1, false);
        Double encoderWeightDecay = f.number("encoderWeightDecay", 1e-4, 0, true, 1, false);
        Double temperature = f.number("temperature", 0.07, 0, false, 100, true);
        String loss = f.choice("loss", "paper", v -> LOSSES.contains(v) ? Optional.of(v) : Optional.empty(), String.join(", ", LOSSES));
        Long generatorWidth = f.integer("generatorWidth", 16, 4, 512);
        Long generatorBlocks = f.integer("generatorBlocks", 3, 0, 32);
        Double generatorLr = f.number("generatorLr", 1e-3, 0, false, 10, true);
        Double budget = f.number("budget", dataset.map(DatasetInfo::defaultBudget).orElse(0.05), 0, false, 1, true);
        Boolean clampViews = f.bool("clampViews", false);
        Long maxInFlight = f.integer("maxInFlight", 1, 1, 1024);
        long checkpointDefault = steps == null ? 100 : Math.min(100, steps);
        Long checkpointEvery = f.integer("checkpointEvery", checkpointDefault, 1, 100_000_000);
        WirePrecision precision = f.choice("wirePrecision", WirePrecision.FP32, WirePrecision::fromWireName, "fp32, fp16");

        ProbeSettings probe = null;
        ObjectNode probeNode = f.object("probe");
        if (probeNode != null) {
            probe = readProbe(new FieldReader(probeNode, "probe", errors), dataset);
        }
        f.rejectUnknown();

        // cross-field rules
        if (batchSize != null && dataset.isPresent() && batchSize > dataset.get().trainSize()) {
            f.error("batchSize", "batch of " + batchSize + " is larger than dataset " + dataset.get().name()
                    + " (" + dataset.get().trainSize() + " training items)");
        }
        if (batchSize != null && dataset.isPresent() && precision != null) {
            long bytes = viewRecordBytes(batchSize, dataset.get(), precision);
            if (bytes > TopicCatalog.TENSOR_MAX_MESSAGE_BYTES - 64 * 1024) {
                f.error("batchSize", "a batch of " + batchSize + " view pairs of " + dataset.get().name() + " in " + precision.wireName()
                        + " is " + bytes + " bytes, more than one fd.views record may hold (" + TopicCatalog.TENSOR_MAX_MESSAGE_BYTES
                        + " bytes); use a smaller batchSize" + (precision == WirePrecision.FP32 ? " or wirePrecision fp16" : ""));
            }
        }
        if (checkpointEvery != null && steps != null && checkpointEvery > steps) {
            f.error("checkpointEvery", "must be <= steps (" + steps + "), was " + checkpointEvery);
        }

        if (!errors.isEmpty()) {
            if (key == null) {
                return new ConfigCheck(ConfigCheck.Outcome.NOT_A_CONFIG, null, null, List.copyOf(errors));
            }
            return new ConfigCheck(ConfigCheck.Outcome.INVALID, key, null, List.copyOf(errors));
        }
        RunConfig config = new RunConfig(RunConfig.SCHEMA_VERSION, runId, datasetName, mode, Math.toIntExact(steps),
                Math.toIntExact(batchSize), seed, encoder, Math.toIntExact(encoderWidth), Math.toIntExact(embeddingDim),
                projectionHead, normalizeInputs, Math.toIntExact(encoderPasses), weightInit, encoderLr, encoderMomentum, encoderWeightDecay, temperature, loss,
                Math.toIntExact(generatorWidth), Math.toIntExact(generatorBlocks), generatorLr, budget, clampViews,
                Math.toIntExact(maxInFlight), Math.toIntExact(checkpointEvery), precision, probe);
        return new ConfigCheck(ConfigCheck.Outcome.VALID, runId, config, List.of());
    }

    private static ProbeSettings readProbe(FieldReader p, Optional<DatasetInfo> dataset) {
        String protocolGiven = p.choice("protocol", null, v -> List.of(ProbeSettings.CLEAN, ProbeSettings.PAPER).contains(v)
                ? Optional.of(v) : Optional.empty(), ProbeSettings.CLEAN + ", " + ProbeSettings.PAPER);
        ProbeSettings d = ProbeSettings.defaults(protocolGiven == null ? ProbeSettings.CLEAN : protocolGiven);
        String features = p.choice("features", d.features(), v -> List.of(ProbeSettings.PREPOOL, ProbeSettings.POOLED).contains(v)
                ? Optional.of(v) : Optional.empty(), ProbeSettings.PREPOOL + ", " + ProbeSettings.POOLED);
        String trainOn = p.choice("trainOn", d.trainOn(), v -> List.of(ProbeSettings.CLEAN, ProbeSettings.VIEWS).contains(v)
                ? Optional.of(v) : Optional.empty(), ProbeSettings.CLEAN + ", " + ProbeSettings.VIEWS);
        int maxTrain = dataset.map(DatasetInfo::trainSize).orElse(Integer.MAX_VALUE);
        int maxTest = dataset.map(DatasetInfo::testSize).orElse(Integer.MAX_VALUE);
        Long trainSize = p.integer("trainSize", Math.min(d.trainSize(), maxTrain), 10, maxTrain);
        Long testSize = p.integer("testSize", Math.min(d.testSize(), maxTest), 10, maxTest);
        Long epochs = p.integer("epochs", d.epochs(), 1, 10_000);
        Double lr = p.number("learningRate", d.learningRate(), 0, false, 10, true);
        p.rejectUnknown();
        // the protocol decides what the probe is fitted on; a trainOn alone names its protocol
        String protocol = protocolGiven != null ? protocolGiven
                : ProbeSettings.VIEWS.equals(trainOn) ? ProbeSettings.PAPER : ProbeSettings.CLEAN;
        if (protocolGiven != null && trainOn != null && !trainOn.equals(d.trainOn())) {
            p.error("trainOn", "protocol " + protocolGiven + " fits the probe on " + d.trainOn() + " images, not " + trainOn
                    + " (drop trainOn, or use protocol " + (ProbeSettings.VIEWS.equals(trainOn) ? ProbeSettings.PAPER : ProbeSettings.CLEAN) + ")");
            return null;
        }
        if (features == null || trainOn == null || trainSize == null || testSize == null || epochs == null || lr == null) {
            return null;
        }
        return new ProbeSettings(protocol, features, trainOn, Math.toIntExact(trainSize), Math.toIntExact(testSize), Math.toIntExact(epochs), lr);
    }

    /** Bytes of the two views (or their two gradients) of one batch on the wire. */
    static long viewRecordBytes(long batchSize, DatasetInfo d, WirePrecision precision) {
        return 2L * batchSize * d.channels() * d.height() * d.width() * (precision == WirePrecision.FP16 ? 2 : 4);
    }

    /** A runId we can key a REJECTED status by, even if it breaks the pattern: a non-blank string of sane length. */
    private static String usableKey(JsonNode runId) {
        if (runId == null || !runId.isTextual()) {
            return null;
        }
        String s = runId.asText();
        // unpaired surrogates cannot be written as UTF-8 (key or JSON): such a runId has nothing to answer to
        return s.isBlank() || s.length() > MAX_KEY_LENGTH || s.chars().anyMatch(Character::isISOControl) || !Excerpt.isWellFormed(s) ? null : s;
    }

    private static ConfigCheck notAConfig(String field, String reason) {
        return new ConfigCheck(ConfigCheck.Outcome.NOT_A_CONFIG, null, null, List.of(new FieldError(field, reason)));
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
