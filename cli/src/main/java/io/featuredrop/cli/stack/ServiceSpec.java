package io.featuredrop.cli.stack;

import java.nio.file.Path;

/**
 * One of the three services as the local stack runs it: its packaged Quarkus app, HTTP port, and
 * which replica it is (0 for a service run once; replicas of one service share its consumer groups
 * and so its runs).
 */
public record ServiceSpec(String name, int httpPort, int replica) {

    public ServiceSpec(String name, int httpPort) {
        this(name, httpPort, 0);
    }

    public ServiceSpec {
        if (replica < 0) {
            throw new IllegalArgumentException("replica " + replica + " of " + name);
        }
    }

    /** The name its log and pid files go by: the service's, with the replica number when it has one. */
    public String instance() {
        return replica == 0 ? name : name + "-" + replica;
    }

    public Path runner(Path repoRoot) {
        return repoRoot.resolve(name).resolve("target").resolve("quarkus-app").resolve("quarkus-run.jar");
    }
}
