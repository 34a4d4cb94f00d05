package io.featuredrop.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.events.FieldError;
import io.featuredrop.events.RunConfig;
import io.featuredrop.wire.JsonEvents;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A sweep: a {@code base} run config and the lists {@code datasets} x {@code modes} x {@code seeds}
 * it is crossed with. Each cell is one run config named {@code <name>-<dataset>-<mode>-s<seed>}
 * and checked by {@link RunConfigValidator}, so a sweep is published only when every cell is valid.
 * <pre>
 * name: fmnist-modes
 * base: {steps: 300, batchSize: 128, probe: {features: pooled}}
 * datasets: [fashion-mnist+mnist]
 * modes: [none, expert, viewmaker, viewmaker+expert]
 * seeds: [0, 1, 2]
 * </pre>
 */
public final class SweepGrid {

    /** The expanded grid: the valid configs in order, or every error (grid fields and cells). */
    public record Expansion(List<RunConfig> configs, List<FieldError> errors) {
        public boolean valid() {
            return errors.isEmpty();
        }
    }

    /** More cells than this is almost certainly a typo in a list, not a sweep for this system. */
    public static final int MAX_RUNS = 500;

    private SweepGrid() {
    }

    public static Expansion expand(JsonNode grid) {
        List<FieldError> errors = new ArrayList<>();
        if (grid == null || !grid.isObject()) {
            return new Expansion(List.of(), List.of(new FieldError("(grid)", "expected an object with name, base, datasets, modes, seeds")));
        }
        Set<String> known = Set.of("name", "base", "datasets", "modes", "seeds");
        grid.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                errors.add(new FieldError(f, "unknown grid field; expected one of " + known));
            }
        });
        String name = grid.path("name").asText("");
        if (!RunConfigValidator.RUN_ID.matcher(name).matches() || name.length() > 64) {
            errors.add(new FieldError("name", "missing or malformed '" + name + "'; a short prefix of the run ids (letters, digits, . _ -)"));
        }
        JsonNode base = grid.path("base");
        if (!grid.has("base")) {
            base = JsonEvents.mapper().createObjectNode();
        } else if (!base.isObject()) {
            errors.add(new FieldError("base", "must be an object (a run config without runId)"));
        } else if (base.has("runId")) {
            errors.add(new FieldError("base.runId", "run ids are made by the sweep; leave runId out"));
        }
        List<String> datasets = strings(grid, "datasets", base.path("dataset"), errors);
        List<String> modes = strings(grid, "modes", base.path("mode"), errors);
        List<Long> seeds = new ArrayList<>();
        JsonNode seedNode = grid.path("seeds");
        if (seedNode.isMissingNode()) {
            seeds.add(base.path("seed").asLong(0));
        } else if (!seedNode.isArray() || seedNode.isEmpty()) {
            errors.add(new FieldError("seeds", "must be a non-empty list of integers"));
        } else {
            for (JsonNode s : seedNode) {
                if (s.canConvertToLong() && s.isIntegralNumber()) {
                    seeds.add(s.asLong());
                } else {
                    errors.add(new FieldError("seeds", "'" + s + "' is not an integer"));
                }
            }
        }
        long cells = (long) datasets.size() * modes.size() * seeds.size();
        if (cells > MAX_RUNS) {
            errors.add(new FieldError("(grid)", cells + " runs; at most " + MAX_RUNS + " per sweep"));
        }
        if (!errors.isEmpty()) {
            return new Expansion(List.of(), errors);
        }
        List<RunConfig> configs = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (String dataset : datasets) {
            for (String mode : modes) {
                for (long seed : seeds) {
                    String runId = runId(name, dataset, mode, seed);
                    ObjectNode cell = ((ObjectNode) base).deepCopy();
                    cell.put("runId", runId).put("dataset", dataset).put("mode", mode).put("seed", seed);
                    ConfigCheck check = RunConfigValidator.check(cell);
                    if (!check.valid()) {
                        check.errors().forEach(e -> errors.add(new FieldError(runId + ": " + e.field(), e.reason())));
                    } else if (!ids.add(runId)) {
                        errors.add(new FieldError(runId, "appears twice (a list repeats a value)"));
                    } else {
                        configs.add(check.config());
                    }
                }
            }
        }
        return errors.isEmpty() ? new Expansion(configs, List.of()) : new Expansion(List.of(), errors);
    }

    public static String runId(String name, String dataset, String mode, long seed) {
        return (name + "-" + dataset + "-" + mode + "-s" + seed).replaceAll("[^A-Za-z0-9._-]", "-");
    }

    /**
     * The sweep a run belongs to, read back from its id: a run config carries no sweep field, but every
     * cell of a sweep is named {@code <name>-<dataset>-<mode>-s<seed>} from its own config, so the
     * name is what precedes that suffix. Empty for runs named otherwise.
     */
    public static java.util.Optional<String> sweepOf(RunConfig config) {
        String suffix = runId("", config.dataset(), config.mode().wireName(), config.seed());
        String id = config.runId();
        return id.length() > suffix.length() && id.endsWith(suffix)
                ? java.util.Optional.of(id.substring(0, id.length() - suffix.length())) : java.util.Optional.empty();
    }

    private static List<String> strings(JsonNode grid, String field, JsonNode fallback, List<FieldError> errors) {
        JsonNode node = grid.path(field);
        List<String> out = new ArrayList<>();
        if (node.isMissingNode()) {
            if (fallback.isTextual()) {
                out.add(fallback.asText());
            } else {
                errors.add(new FieldError(field, "missing; a list (or base." + field.substring(0, field.length() - 1) + ")"));
            }
        } else if (!node.isArray() || node.isEmpty()) {
            errors.add(new FieldError(field, "must be a non-empty list of strings"));
        } else {
            for (JsonNode v : node) {
                if (v.isTextual()) {
                    out.add(v.asText());
                } else {
                    errors.add(new FieldError(field, "'" + v + "' is not a string"));
                }
            }
        }
        return out;
    }
}
