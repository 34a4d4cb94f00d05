package io.featuredrop.cli.stack;

import io.featuredrop.broker.LocalKafkaBroker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The three services as local processes (packaged Quarkus apps), each logging to
 * {@code <stateDir>/logs/<instance>.log} with its pid in {@code <stateDir>/<instance>.pid} (the service name, or
 * name-N for replica N). Used by
 * {@code featuredrop up/down/demo} and by the system tests, so both run the same way.
 */
public final class LocalStack {

    public static final List<ServiceSpec> DEFAULT_SERVICES = List.of(
            new ServiceSpec("augmenter-service", 8081),
            new ServiceSpec("trainer-service", 8082),
            new ServiceSpec("evaluator-service", 8080));

    private final Path repoRoot;
    private final Path stateDir;
    private final List<ServiceSpec> services;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public LocalStack(Path repoRoot, Path stateDir, List<ServiceSpec> services) {
        this.repoRoot = repoRoot;
        this.stateDir = stateDir;
        this.services = services;
    }

    public List<ServiceSpec> services() {
        return services;
    }

    public Path stateDir() {
        return stateDir;
    }

    /** Starts every service that is not already running, then waits until all are ready. */
    public void start(String bootstrapServers, Duration timeout) {
        try {
            Files.createDirectories(stateDir.resolve("logs"));
            for (ServiceSpec s : services) {
                if (pidOf(s).isPresent()) {
                    continue;
                }
                Path runner = s.runner(repoRoot);
                if (!Files.exists(runner)) {
                    throw new IllegalStateException(s.name() + " is not built (" + runner + " missing); run `mvn -B install -DskipTests` first");
                }
                requirePortFree(s);
                List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx768m", "-XX:ActiveProcessorCount=2", "-XX:+UseSerialGC",
                        "-Dkafka.bootstrap.servers=" + bootstrapServers,
                        "-Dquarkus.http.port=" + s.httpPort(),
                        "-Dquarkus.http.host=127.0.0.1",
                        "-Dai.djl.offline=true",
                        "-Djava.awt.headless=true",
                        "-Dfeaturedrop.data.dir=" + repoRoot.resolve("data").toAbsolutePath(),
                        "-Dfeaturedrop.checkpoints.dir=" + checkpointsDir(),
                        "-Dfeaturedrop.git.commit=" + gitCommit()));
                if (s.name().startsWith("evaluator")) {
                    // the evaluator probes beside the two training services, which take turns on all cores:
                    // two full PyTorch thread pools at once stall each other at every op's barrier
                    cmd.add("-Dai.djl.pytorch.num_threads=" + sideThreads());
                }
                cmd.addAll(List.of("-jar", runner.toString()));
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(logOf(s).toFile())).start();
                Files.writeString(pidFile(s), Long.toString(p.pid()));
            }
            for (ServiceSpec s : services) {
                awaitReady(s, timeout);
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not start the services: " + e.getMessage(), e);
        }
    }

    /**
     * Intra-op threads for work that runs beside training on the same machine (the evaluator's probes,
     * the demo's control rows): half the cores, at least one; {@code FEATUREDROP_SIDE_THREADS} overrides.
     * Measured on 2 cores: a second 2-thread PyTorch process beside a training step slowed both about
     * fivefold (docs/BENCHMARKS.md).
     */
    public static int sideThreads() {
        String set = System.getenv("FEATUREDROP_SIDE_THREADS");
        if (set != null && set.matches("[1-9][0-9]{0,3}")) {
            return Integer.parseInt(set);
        }
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /** The checkpoint store the local services share. */
    public Path checkpointsDir() {
        return stateDir.resolve("checkpoints").toAbsolutePath();
    }

    /** The commit the services were built from (provenance of their results), or "unknown". */
    private String gitCommit() {
        try {
            Process git = new ProcessBuilder("git", "-C", repoRoot.toString(), "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return git.waitFor() == 0 && out.matches("[0-9a-f]+") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    public Path logOf(ServiceSpec s) {
        return stateDir.resolve("logs").resolve(s.instance() + ".log");
    }

    public URI baseUri(ServiceSpec s) {
        return URI.create("http://127.0.0.1:" + s.httpPort());
    }

    public Optional<ProcessHandle> pidOf(ServiceSpec s) {
        try {
            long pid = Long.parseLong(Files.readString(pidFile(s)).trim());
            // a stale pid file may name a pid the OS has since given to another program: only a live
            // process running this service's jar counts (if the OS hides command lines, trust the file)
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains(s.name()) && c.contains("quarkus-run.jar")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** SIGKILL of one service (fault tests: no shutdown hook runs, nothing is flushed); true if it was running. */
    public boolean kill(ServiceSpec s) throws InterruptedException {
        Optional<ProcessHandle> h = pidOf(s);
        if (h.isEmpty()) {
            return false;
        }
        h.get().destroyForcibly();
        try {
            h.get().onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException(s.name() + " (pid " + h.get().pid() + ") did not die: " + e.getMessage(), e);
        }
        return true;
    }

    /** What {@link #stop} did to one running service: stopped is false if it was still alive afterwards. */
    public record ServiceStop(String service, long pid, boolean stopped) {
        @Override
        public String toString() {
            return (stopped ? "stopped " : "could not stop ") + service + " (pid " + pid + ")";
        }
    }

    /** SIGTERM for a clean Quarkus shutdown, SIGKILL after the timeout; one entry per service that was running. */
    public List<ServiceStop> stop(Duration timeout) {
        List<ServiceStop> report = new ArrayList<>();
        for (ServiceSpec s : services) {
            Optional<ProcessHandle> h = pidOf(s);
            if (h.isPresent()) {
                h.get().destroy();
                try {
                    h.get().onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception e) {
                    h.get().destroyForcibly();
                    try {
                        h.get().onExit().get(10, TimeUnit.SECONDS);
                    } catch (Exception ignored) {
                        // reported below through isAlive
                    }
                }
                boolean stopped = !h.get().isAlive();
                report.add(new ServiceStop(s.instance(), h.get().pid(), stopped));
                if (!stopped) {
                    continue; // keep its pid file: it still names a live service
                }
            }
            try {
                Files.deleteIfExists(pidFile(s));
            } catch (IOException ignored) {
                // stale pid files are ignored on start
            }
        }
        return report;
    }

    /** GET (JSON) of a path on a service's HTTP port; the body (an error for any status but 200). */
    public String get(ServiceSpec s, String path) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(baseUri(s).resolve(path)).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("GET " + path + " on " + s.name() + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " on " + s.name() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** An HTTP status and body. */
    public record HttpAnswer(int status, String body) {
    }

    /** The answer to GET /q/health/ready, whatever its status (Quarkus answers 503 with the DOWN checks); empty when nothing answers. */
    public Optional<HttpAnswer> readiness(ServiceSpec s) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(baseUri(s).resolve("/q/health/ready")).header("Accept", "application/json")
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return Optional.of(new HttpAnswer(r.statusCode(), r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public boolean ready(ServiceSpec s) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(baseUri(s).resolve("/q/health/ready")).timeout(Duration.ofSeconds(3)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void awaitReady(ServiceSpec s, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (pidOf(s).isEmpty()) {
                throw new IllegalStateException(s.name() + " exited while starting; see " + logOf(s) + ":\n" + LocalKafkaBroker.tail(logOf(s), 25));
            }
            if (ready(s)) {
                return;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new IllegalStateException(s.name() + " not ready within " + timeout.toSeconds() + " s; see " + logOf(s) + ":\n" + LocalKafkaBroker.tail(logOf(s), 25));
    }

    private static void requirePortFree(ServiceSpec s) {
        if (!LocalKafkaBroker.isPortFree(s.httpPort())) {
            throw new IllegalStateException("port " + s.httpPort() + " for " + s.name() + " is in use by another process");
        }
    }

    private Path pidFile(ServiceSpec s) {
        return stateDir.resolve(s.instance() + ".pid");
    }
}
