package io.featuredrop.cli.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("fast")
class StartedStacksTest {

    @TempDir
    Path tmp;

    @Test
    void recordsEachDirectoryOnceAbsoluteAndForgetsStoppedOnes() {
        StartedStacks started = new StartedStacks(tmp.resolve("state/started-stacks"));
        assertEquals(List.of(), started.recorded(), "no file yet: nothing recorded");
        started.record(tmp.resolve("a"));
        started.record(tmp.resolve("b/../a")); // the same directory spelled differently
        started.record(tmp.resolve("c"));
        assertEquals(List.of(tmp.resolve("a"), tmp.resolve("c")), started.recorded());
        started.forget(List.of(tmp.resolve("a"), tmp.resolve("never-recorded")));
        assertEquals(List.of(tmp.resolve("c")), started.recorded());
        assertTrue(Files.exists(started.file()));
    }

    @Test
    void downSearchesTheDefaultDirectoryItsDemoDirectoryAndEveryRecordedOneOnce() {
        Path home = tmp.resolve("home");
        List<Path> dirs = StartedStacks.toSearch(home, List.of(tmp.resolve("x"), home.resolve("demo"), home));
        assertEquals(List.of(home, home.resolve("demo"), tmp.resolve("x")), dirs);
        assertTrue(StartedStacks.toSearch(Path.of(".featuredrop"), List.of()).get(1).isAbsolute());
    }
}
