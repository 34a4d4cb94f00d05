package io.featuredrop.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted over a directory, so a test can fill it up: needs root (or
 * CAP_SYS_ADMIN); {@link #mount} returns null with the reason printed where that is not available.
 */
final class SmallFilesystem implements AutoCloseable {

    private final Path dir;

    private SmallFilesystem(Path dir) {
        this.dir = dir;
    }

    static SmallFilesystem mount(Path dir, String size) {
        try {
            int rc = run("mount", "-t", "tmpfs", "-o", "size=" + size + ",mode=0777", "featuredrop-test", dir.toString());
            if (rc != 0) {
                System.out.println("SmallFilesystem: cannot mount a tmpfs on " + dir + " (mount exit " + rc + "; needs root)");
                return null;
            }
            return new SmallFilesystem(dir);
        } catch (IOException e) {
            System.out.println("SmallFilesystem: cannot mount a tmpfs on " + dir + ": " + e.getMessage());
            return null;
        }
    }

    /** Writes a filler file until the filesystem refuses more bytes; returns the filler. */
    Path fill() throws IOException {
        Path filler = dir.resolve("filler");
        byte[] chunk = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) {
                throw full;
            }
        }
        return filler;
    }

    @Override
    public void close() throws IOException {
        run("umount", "-l", dir.toString());
    }

    private static int run(String... cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            String out = new String(p.getInputStream().readAllBytes());
            if (p.exitValue() != 0) {
                System.out.println(String.join(" ", cmd) + ": " + out.trim());
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }
}
