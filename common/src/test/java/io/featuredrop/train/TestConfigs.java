package io.featuredrop.train;

import io.featuredrop.config.ConfigCheck;
import io.featuredrop.config.RunConfigValidator;
import io.featuredrop.events.RunConfig;
import io.featuredrop.wire.JsonEvents;

/** Tiny run configs for tests, validated by the one validator every entry point uses. */
public final class TestConfigs {

    private TestConfigs() {
    }

    public static RunConfig tiny(String mode, String extraJson) {
        String json = "{\"runId\":\"t\",\"dataset\":\"fashion-mnist+mnist\",\"mode\":\"" + mode + "\",\"steps\":1000,"
                + "\"batchSize\":32,\"seed\":7,\"encoderWidth\":8,\"generatorWidth\":8,\"generatorBlocks\":1"
                + (extraJson.isEmpty() ? "" : "," + extraJson) + "}";
        ConfigCheck check = RunConfigValidator.check(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!check.valid()) {
            throw new IllegalArgumentException(check.summary());
        }
        return check.config();
    }

    static String json(RunConfig config) throws Exception {
        return JsonEvents.mapper().writeValueAsString(config);
    }
}
