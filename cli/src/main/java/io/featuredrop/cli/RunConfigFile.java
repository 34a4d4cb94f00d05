package io.featuredrop.cli;

import io.featuredrop.config.ConfigCheck;
import io.featuredrop.events.RunConfig;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** The {@code -c CONFIG [--steps N]} options of the commands that train a config in this JVM (a picocli mixin). */
final class RunConfigFile {

    @Option(names = {"-c", "--config"}, required = true, description = "run config (.json or .yaml), validated like fd.runs events")
    Path config;

    @Option(names = "--steps", description = "override the config's steps")
    Integer steps;

    /** The validated config, or null after printing every field error to stderr. */
    RunConfig validOrNull() throws IOException {
        ConfigCheck check = ConfigFiles.checkWithSteps(config, steps);
        if (!check.valid()) {
            System.err.println(config + ": " + ConfigFiles.describe(check));
            return null;
        }
        return check.config();
    }
}
