package io.featuredrop.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docker-compose for real, where a Docker engine is available and FEATUREDROP_COMPOSE_TEST=1 asks for
 * it (it builds three images: many minutes): everything comes up healthy, the dashboard and
 * Prometheus answer, and Prometheus scrapes all three services. Skipped with the reason elsewhere.
 */
class ComposeUpTest {

    static int run(Path dir, long timeoutSeconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).inheritIO().start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
        }
        return p.exitValue();
    }

    static boolean dockerEngine() {
        try {
            Process p = new ProcessBuilder("docker", "info").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(20, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void theStackComesUpHealthyAndIsScraped() throws Exception {
        Assumptions.assumeTrue(dockerEngine(), "compose test skipped: no Docker engine here (`docker info` failed); "
                + "DeployConfigTest checked the compose files without one");
        Assumptions.assumeTrue("1".equals(System.getenv("FEATUREDROP_COMPOSE_TEST")),
                "compose test skipped: set FEATUREDROP_COMPOSE_TEST=1 to build the images and run `docker compose up`");
        Path root = DeployConfigTest.ROOT;
        try {
            assertEquals(0, run(root, 3600, "docker", "compose", "up", "-d", "--build", "--wait"), "docker compose up --wait");
            HttpClient http = HttpClient.newHttpClient();
            String page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:8080/")).build(), HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(page.contains("submit-form"), "dashboard served");
            String targets = "";
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (System.nanoTime() < deadline && !List.of("augmenter", "trainer", "evaluator").stream().allMatch(targets::contains)) {
                Thread.sleep(5000);
                targets = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:9090/api/v1/query?query=up%3D%3D1")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
            }
            for (String s : List.of("augmenter", "trainer", "evaluator")) {
                assertTrue(targets.contains(s), "Prometheus scrapes " + s + ": " + targets);
            }
        } finally {
            run(root, 600, "docker", "compose", "down", "-v");
        }
    }
}
