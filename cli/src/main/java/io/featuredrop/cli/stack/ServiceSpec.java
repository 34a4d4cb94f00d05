package io.featuredrop.cli.stack;

import java.nio.file.Path;

/** One of the three services as the local stack runs it: its packaged Quarkus app and HTTP port. */
public record ServiceSpec(String name, int httpPort) {

    public Path runner(Path repoRoot) {
        return repoRoot.resolve(name).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }
}
