package io.featuredrop.train;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.RunConfig;
import io.featuredrop.wire.JsonEvents;

/** Tiny run configs for tests, validated by the one validator every entry point uses. */
public final class TestConfigs {

    private static final String BASE = "{\"runId\":\"t\",\"dataset\":\"fashion-mnist+mnist\",\"steps\":1000,"
            + "\"batchSize\":32,\"seed\":7,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1}";

    private TestConfigs() {
    }

    /** The base tiny config in {@code mode}, with the fields of {@code overridesJson} (comma-separated JSON members) replacing its own. */
    public static RunConfig tiny(String mode, String overridesJson) {
        try {
            ObjectNode node = (ObjectNode) JsonEvents.mapper().readTree(BASE);
            node.put("mode", mode);
            if (!overridesJson.isEmpty()) {
                node.setAll((ObjectNode) JsonEvents.mapper().readTree("{" + overridesJson + "}"));
            }
            ConfigCheck check = RunConfigValidator.check(node);
            if (!check.valid()) {
                throw new IllegalArgumentException(check.summary());
            }
            return check.config();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
