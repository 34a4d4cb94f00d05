package io.featuredrop.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.featuredrop.wire.Excerpt;
import io.featuredrop.wire.JsonEvents;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A command on {@code fd.runs} instead of a config: {@code {"command":"CANCEL","runId":"..."}}
 * (DESIGN.md section 2). A record is a command exactly when it is a JSON object with a
 * {@code command} field; anything wrong with it is in {@link #problem()}.
 */
public record RunCommand(String command, String runId, String problem) {

    public static final String CANCEL = "CANCEL";
    public static final List<String> SUPPORTED = List.of(CANCEL);

    /** The record as a command, or empty when it is not one (then it is validated as a config). */
    public static Optional<RunCommand> parse(byte[] record) {
        if (record == null || record.length == 0 || ConfigLimits.oversized(record) != null) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = ConfigLimits.strictMapper().readTree(record);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (node == null || !node.isObject() || !node.has("command")) {
            return Optional.empty();
        }
        JsonNode command = node.get("command");
        JsonNode runId = node.get("runId");
        String id = runId != null && runId.isTextual() && !runId.asText().isBlank() ? runId.asText() : null;
        if (!command.isTextual() || !SUPPORTED.contains(command.asText())) {
            return Optional.of(new RunCommand(Excerpt.of(command.asText(), 64), id, "unknown command '" + Excerpt.of(command.asText(), 64) + "'; supported: " + SUPPORTED));
        }
        if (id == null) {
            return Optional.of(new RunCommand(command.asText(), null, "command " + command.asText() + " needs a runId"));
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!List.of("command", "runId", "schemaVersion", "reason").contains(name)) {
                return Optional.of(new RunCommand(Excerpt.of(command.asText(), 64), id, "unknown field '" + Excerpt.of(name, 64) + "' in command " + command.asText()));
            }
        }
        return Optional.of(new RunCommand(Excerpt.of(command.asText(), 64), id, null));
    }

    /** The JSON of a CANCEL command for {@code runId}. */
    public static byte[] cancel(String runId) {
        return JsonEvents.encode(java.util.Map.of("command", CANCEL, "runId", runId));
    }
}
