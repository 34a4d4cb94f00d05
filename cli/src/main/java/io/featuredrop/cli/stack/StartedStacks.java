package io.featuredrop.cli.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The state directories the CLI has started a broker or services in, one absolute path a line, so
 * that {@code featuredrop down} finds every stack it started (the demo's lives in
 * {@code <state-dir>/demo}, a {@code --state-dir} one anywhere), not only the default one.
 */
public final class StartedStacks {

    private final Path file;

    public StartedStacks(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Remembers a state directory (once). */
    public synchronized void record(Path stateDir) {
        Path dir = normal(stateDir);
        if (recorded().contains(dir)) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, dir + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the stack in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The recorded directories, in the order they were first recorded. */
    public synchronized List<Path> recorded() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            Set<Path> dirs = new LinkedHashSet<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    dirs.add(normal(Path.of(line.trim())));
                }
            }
            return List.copyOf(dirs);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Drops directories that have nothing running any more (so the file does not grow with every temporary stack). */
    public synchronized void forget(Collection<Path> stateDirs) {
        Set<Path> gone = new LinkedHashSet<>();
        stateDirs.forEach(d -> gone.add(normal(d)));
        List<String> keep = new ArrayList<>();
        for (Path d : recorded()) {
            if (!gone.contains(d)) {
                keep.add(d.toString());
            }
        }
        try {
            if (Files.exists(file)) {
                Files.write(file, keep, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rewrite " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Where {@code down} looks: the default state directory and its {@code demo} directory (stacks
     * started before this registry existed are found there too), then every recorded one; no duplicates.
     */
    public static List<Path> toSearch(Path defaultStateDir, List<Path> recorded) {
        Set<Path> dirs = new LinkedHashSet<>();
        dirs.add(normal(defaultStateDir));
        dirs.add(normal(defaultStateDir.resolve("demo")));
        recorded.forEach(d -> dirs.add(normal(d)));
        return List.copyOf(dirs);
    }

    private static Path normal(Path p) {
        return p.toAbsolutePath().normalize();
    }
}
