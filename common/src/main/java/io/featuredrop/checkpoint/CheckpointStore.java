package io.featuredrop.checkpoint;

import io.featuredrop.events.Checkpoint;
import io.featuredrop.events.CheckpointKind;
import io.featuredrop.train.TrainingCheckpoint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checkpoint store of DESIGN.md section 2: a directory shared by the services (a volume in
 * compose, a PVC in Kubernetes). Files are {@code <runId>/<kind>-step-<step>.safetensors}, written
 * atomically; the announcing {@link Checkpoint} event carries the path relative to the root (so
 * services may mount the store at different places) and the sha256 of the bytes, which every
 * reader verifies.
 */
public final class CheckpointStore {

    private final Path root;

    public CheckpointStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** Writes the bytes of a checkpoint (temp file + atomic move) and returns the event announcing it. */
    public Checkpoint write(String runId, CheckpointKind kind, long step, byte[] bytes, String service) throws IOException {
        String relative = relativePath(runId, kind, step);
        Path file = resolve(relative);
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(tmp, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.TRUNCATE_EXISTING, java.nio.file.StandardOpenOption.WRITE)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                out.write(buf);
            }
            out.force(true); // on disk before it gets its final name: a crash never leaves a short file under that name
        } catch (IOException e) {
            // a full disk (or any write error): no partial file stays behind, under any name
            Files.deleteIfExists(tmp);
            throw new IOException("cannot write checkpoint " + relative + " (" + bytes.length + " bytes) to the store " + root + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return new Checkpoint(Checkpoint.SCHEMA_VERSION, runId, step, kind, relative, TrainingCheckpoint.sha256(bytes),
                bytes.length, service, Instant.now(), io.featuredrop.process.ComputeSettings.describe());
    }

    /**
     * The event announcing a checkpoint already in the store with these bytes: a service that resumes
     * from it announces it again, since a crash between writing a file and announcing it leaves a
     * checkpoint nobody was told of (receivers skip what they have already handled).
     */
    public Checkpoint describe(String runId, CheckpointKind kind, long step, byte[] bytes, String service) {
        return new Checkpoint(Checkpoint.SCHEMA_VERSION, runId, step, kind, relativePath(runId, kind, step), TrainingCheckpoint.sha256(bytes),
                bytes.length, service, Instant.now(), io.featuredrop.process.ComputeSettings.describe());
    }

    /** The bytes an event announces, after checking they are there and their sha256 matches. */
    public byte[] read(Checkpoint checkpoint) throws CheckpointRejected {
        Path file;
        try {
            file = resolve(checkpoint.uri());
        } catch (IllegalArgumentException e) {
            throw new CheckpointRejected(e.getMessage());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointRejected("checkpoint file " + checkpoint.uri() + " is not in the store " + root);
        } catch (IOException e) {
            throw new CheckpointRejected("checkpoint file " + checkpoint.uri() + " cannot be read: " + e.getMessage());
        }
        String actual = TrainingCheckpoint.sha256(bytes);
        if (!actual.equalsIgnoreCase(checkpoint.sha256())) {
            throw new CheckpointRejected("checkpoint file " + checkpoint.uri() + " has sha256 " + actual + ", the event says "
                    + checkpoint.sha256());
        }
        return bytes;
    }

    /** The newest checkpoint file of a run and kind, if any (for resume). */
    public Optional<Stored> latest(String runId, CheckpointKind kind) throws IOException {
        List<Stored> all = list(runId, kind);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /**
     * The newest step a crashed run can resume from: the newest ENCODER checkpoint, and in Viewmaker
     * modes the newest step that has both an ENCODER and a GENERATOR checkpoint; 0 (the start) when
     * there is none.
     */
    public long resumePoint(String runId, boolean viewmaker) throws IOException {
        java.util.Set<Long> encoders = new java.util.TreeSet<>();
        list(runId, CheckpointKind.ENCODER).forEach(s -> encoders.add(s.step()));
        if (viewmaker) {
            java.util.Set<Long> generators = new java.util.HashSet<>();
            list(runId, CheckpointKind.GENERATOR).forEach(s -> generators.add(s.step()));
            encoders.retainAll(generators);
        }
        return encoders.stream().mapToLong(Long::longValue).max().orElse(0);
    }

    /** The bytes of a stored checkpoint of a run, kind and step, if there is one (resume reads its own store). */
    public Optional<byte[]> readStored(String runId, CheckpointKind kind, long step) throws IOException {
        Path file = resolve(relativePath(runId, kind, step));
        return Files.exists(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
    }

    /** A run's checkpoint files of one kind, oldest step first. */
    public List<Stored> list(String runId, CheckpointKind kind) throws IOException {
        Path dir = resolve(safeRunId(runId));
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        String prefix = kind.name().toLowerCase() + "-step-";
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(prefix) && n.endsWith(".safetensors"))
                    .map(n -> new Stored(runId, kind, Long.parseLong(n.substring(prefix.length(), n.length() - ".safetensors".length())),
                            safeRunId(runId) + "/" + n))
                    .sorted(Comparator.comparingLong(Stored::step)).toList();
        }
    }

    /** Deletes one stored checkpoint file (retention), and the ONNX export beside it if there is one. */
    public void delete(Stored stored) throws IOException {
        Files.deleteIfExists(resolve(onnxUri(stored.uri())));
        Files.deleteIfExists(resolve(stored.uri()));
    }

    /** Where a checkpoint's ONNX export lies: beside it, {@code .safetensors} replaced by {@code .onnx}. */
    public static String onnxUri(String checkpointUri) {
        String base = checkpointUri.endsWith(".safetensors") ? checkpointUri.substring(0, checkpointUri.length() - ".safetensors".length()) : checkpointUri;
        return base + ".onnx";
    }

    public Path resolve(String relative) {
        Path p = root.resolve(relative).normalize();
        if (!p.startsWith(root)) {
            throw new IllegalArgumentException("checkpoint path " + relative + " leaves the store");
        }
        return p;
    }

    static String relativePath(String runId, CheckpointKind kind, long step) {
        return safeRunId(runId) + "/" + kind.name().toLowerCase() + String.format("-step-%08d.safetensors", step);
    }

    private static String safeRunId(String runId) {
        // run ids are validated ([A-Za-z0-9._-]); refuse anything that could walk the file system anyway
        if (runId.isEmpty() || runId.contains("/") || runId.contains("\\") || runId.startsWith(".")) {
            throw new IllegalArgumentException("run id " + runId + " cannot name a checkpoint folder");
        }
        return runId;
    }

    /** A checkpoint file found in the store. */
    public record Stored(String runId, CheckpointKind kind, long step, String uri) {
    }
}
