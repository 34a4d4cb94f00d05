package io.featuredrop.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.wire.JsonEvents;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a run config file (JSON, or YAML by extension) and checks it with the shared validator. */
final class ConfigFiles {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigFiles() {
    }

    static ConfigCheck check(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no config file at " + file);
        }
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".yaml") || name.endsWith(".yml")) {
            JsonNode node = YAML.readTree(file.toFile());
            return RunConfigValidator.check(node);
        }
        return RunConfigValidator.check(Files.readAllBytes(file));
    }

    /** The file as a JSON object, for commands that override fields before validating. */
    static ObjectNode read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no config file at " + file);
        }
        String name = file.getFileName().toString().toLowerCase();
        JsonNode node = name.endsWith(".yaml") || name.endsWith(".yml") ? YAML.readTree(file.toFile())
                : JsonEvents.mapper().readTree(file.toFile());
        if (!(node instanceof ObjectNode object)) {
            throw new IOException(file + ": expected a JSON/YAML object");
        }
        return object;
    }

    /** The file validated, with {@code steps} (when given) replacing its steps and capping its checkpointEvery. */
    static ConfigCheck checkWithSteps(Path file, Integer steps) throws IOException {
        ObjectNode node = read(file);
        if (steps != null) {
            node.put("steps", steps);
            if (node.has("checkpointEvery") && node.get("checkpointEvery").asLong() > steps) {
                node.put("checkpointEvery", steps);
            }
        }
        return RunConfigValidator.check(node);
    }

    static String describe(ConfigCheck check) {
        StringBuilder sb = new StringBuilder();
        if (check.valid()) {
            sb.append("valid run config; normalised:\n").append(JsonEvents.encodeToString(check.config()));
        } else {
            sb.append(check.outcome() == ConfigCheck.Outcome.INVALID ? "invalid run config '" + check.runId() + "':" : "not a run config:");
            check.errors().forEach(e -> sb.append("\n  ").append(e.field()).append(": ").append(e.reason()));
        }
        return sb.toString();
    }
}
