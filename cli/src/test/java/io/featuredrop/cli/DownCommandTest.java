package io.featuredrop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.featuredrop.cli.stack.StartedStacks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code featuredrop down} on real processes: one whose command line is a service's packaged jar
 * (what {@code up} starts), and an unrelated one whose pid a stale pid file happens to name.
 */
@Tag("fast")
class DownCommandTest {

    /** Stands in for a packaged service: a JVM that sleeps until it is signalled. */
    public static final class Sleeper {
        public static void main(String[] args) throws InterruptedException {
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        }
    }

    @TempDir
    Path tmp;

    final List<Process> started = new ArrayList<>();
    StartedStacks registry;

    @BeforeEach
    void ownRegistry() {
        System.setProperty("featuredrop.started.stacks", tmp.resolve("started-stacks").toString());
        registry = LocalOptions.startedStacks();
    }

    @AfterEach
    void cleanUp() {
        System.clearProperty("featuredrop.started.stacks");
        started.forEach(Process::destroyForcibly);
    }

    Process service(String name) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // only the test classes on its class path (Sleeper needs nothing else): the command line must stay short, since the
        // JDK reads a process's command line from /proc only up to a page and the jar argument comes last
        String testClasses = Path.of(Sleeper.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        Process p = new ProcessBuilder(java, "-cp", testClasses, Sleeper.class.getName(),
                name + "/target/quarkus-app/quarkus-run.jar").redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".out").toFile()).start();
        started.add(p);
        return p;
    }

    static String down(String... args) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            int code = new CommandLine(new DownCommand()).execute(args);
            return code + "\n" + buf.toString(StandardCharsets.UTF_8);
        } finally {
            System.setOut(stdout);
        }
    }

    @Test
    void stopsARecordedStackAnywhereAndLeavesAProcessAStalePidFileNamesAlone() throws Exception {
        Path stateDir = tmp.resolve("elsewhere");
        Files.createDirectories(stateDir);
        Process augmenter = service("augmenter-service");
        Process foreign = new ProcessBuilder("sleep", "600").start();
        started.add(foreign);
        Files.writeString(stateDir.resolve("augmenter-service.pid"), Long.toString(augmenter.pid()));
        Files.writeString(stateDir.resolve("trainer-service.pid"), Long.toString(foreign.pid()));
        registry.record(stateDir);

        String out = down();

        assertTrue(out.startsWith("0\n"), out);
        assertTrue(out.contains("stack in " + stateDir.toAbsolutePath() + ": augmenter-service (pid " + augmenter.pid() + ")"), out);
        assertTrue(out.contains("stopped augmenter-service (pid " + augmenter.pid() + ")"), out);
        assertTrue(augmenter.waitFor(10, TimeUnit.SECONDS), "the service's process is gone");
        assertFalse(out.contains("trainer-service"), "a pid file naming another program is not a service: " + out);
        assertTrue(foreign.isAlive(), "the unrelated process is left alone");
        assertFalse(Files.exists(stateDir.resolve("augmenter-service.pid")));
        assertEquals(List.of(), registry.recorded(), "a stack with nothing left running is forgotten");

        String again = down();
        assertTrue(again.startsWith("0\n"), again);
        assertTrue(again.contains("nothing running; looked in " + LocalOptions.defaultStateDir().toAbsolutePath().normalize()), again);
        assertTrue(again.contains(registry.file().toAbsolutePath().toString()), "says where the records are: " + again);
    }

    @Test
    void anExplicitStateDirIsTheOnlyOneLookedIn() throws Exception {
        Path recorded = tmp.resolve("recorded");
        Path explicit = tmp.resolve("explicit");
        Files.createDirectories(recorded);
        Files.createDirectories(explicit);
        Process other = service("evaluator-service");
        Files.writeString(recorded.resolve("evaluator-service.pid"), Long.toString(other.pid()));
        registry.record(recorded);

        String out = down("--state-dir", explicit.toString());

        assertEquals("0\nnothing running; looked in " + explicit.toAbsolutePath() + "\n", out);
        assertTrue(other.isAlive(), "the recorded stack is not touched");

        Process evaluator = service("evaluator-service");
        Files.writeString(explicit.resolve("evaluator-service.pid"), Long.toString(evaluator.pid()));
        String stopped = down("--state-dir", explicit.toString());
        assertTrue(stopped.contains("stopped evaluator-service (pid " + evaluator.pid() + ")"), stopped);
        assertTrue(stopped.contains("stopped 1 stack"), stopped);
        assertTrue(other.isAlive(), "the recorded stack is still not touched");
    }
}
