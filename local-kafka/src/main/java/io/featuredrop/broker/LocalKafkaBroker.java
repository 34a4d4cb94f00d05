package io.featuredrop.broker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A single-node Apache Kafka KRaft broker (the real 4.4 server jars) run as its own JVM.
 * Formats its storage on first start, waits until it answers, stops cleanly, keeps its data under
 * {@link BrokerSettings#dataDir()} and logs to {@code logs/server.log} there.
 * Uses only the JDK, so any module (Quarkus ones included) can launch it without Kafka's jars.
 */
public final class LocalKafkaBroker implements AutoCloseable {

    static final String PID_FILE = "broker.pid";
    static final String PORT_FILE = "broker.port";
    static final String STARTED_MARKER = "Kafka Server started";

    private final BrokerSettings settings;
    private Process process;
    private Thread shutdownHook;

    public LocalKafkaBroker(BrokerSettings settings) {
        this.settings = settings;
    }

    /** A broker on free ports in a fresh temporary directory, stopped and deleted on {@link #close()}. */
    public static LocalKafkaBroker startEphemeral() {
        try {
            Path dir = Files.createTempDirectory("featuredrop-kafka-");
            int[] ports = freePorts(2);
            LocalKafkaBroker broker = new LocalKafkaBroker(
                    new BrokerSettings(dir, ports[0], ports[1], BrokerSettings.defaultBrokerLib(), 512));
            broker.deleteOnClose = true;
            broker.start(Duration.ofSeconds(90));
            return broker;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean deleteOnClose;

    public BrokerSettings settings() {
        return settings;
    }

    public String bootstrapServers() {
        return settings.bootstrapServers();
    }

    /**
     * Starts the broker and waits until it has started and accepts connections.
     *
     * @throws BrokerException with a clear reason when the jars are missing, a broker of ours is
     *                         already running on this data directory, a port is taken, or it does not come up
     */
    public synchronized void start(Duration timeout) {
        checkBrokerLib();
        Path dataDir = settings.dataDir().toAbsolutePath();
        Optional<ProcessHandle> running = runningBroker();
        if (running.isPresent()) {
            throw new BrokerException("a featuredrop broker is already running (pid " + running.get().pid()
                    + ", bootstrap 127.0.0.1:" + readPort().orElse(settings.port()) + ", data " + dataDir
                    + "); stop it first with `featuredrop broker stop`");
        }
        requirePortFree(settings.port(), "client");
        requirePortFree(settings.controllerPort(), "controller");
        try {
            Files.createDirectories(dataDir.resolve("logs"));
            Path serverProperties = dataDir.resolve("server.properties");
            Files.writeString(serverProperties, BrokerConfigFiles.serverProperties(settings));
            Files.writeString(dataDir.resolve("log4j2.properties"), BrokerConfigFiles.log4jProperties(dataDir.resolve("logs")));
            if (!Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties"))) {
                format(serverProperties);
            }
            Path serverLog = dataDir.resolve("logs").resolve("server.log");
            long logOffset = Files.exists(serverLog) ? Files.size(serverLog) : 0L;
            List<String> cmd = javaCommand(dataDir);
            cmd.add("kafka.Kafka");
            cmd.add(serverProperties.toString());
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("logs").resolve("broker.out").toFile()));
            process = pb.start();
            Files.writeString(dataDir.resolve(PID_FILE), Long.toString(process.pid()));
            Files.writeString(dataDir.resolve(PORT_FILE), Integer.toString(settings.port()));
            if (deleteOnClose) {
                // an ephemeral (test) broker must not outlive the JVM that started it
                shutdownHook = new Thread(this::stopQuietly, "featuredrop-broker-stop");
                Runtime.getRuntime().addShutdownHook(shutdownHook);
            }
            awaitStarted(serverLog, logOffset, timeout);
        } catch (IOException e) {
            throw new BrokerException("could not start the broker in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    /** Stops the broker of this data directory (started by this JVM or another) and waits for it to exit. */
    public synchronized boolean stop(Duration timeout) {
        ProcessHandle handle = process != null ? process.toHandle() : runningBroker().orElse(null);
        boolean stopped = false;
        if (handle != null && handle.isAlive()) {
            handle.destroy(); // SIGTERM: Kafka shuts down cleanly
            try {
                handle.onExit().get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                handle.destroyForcibly();
                try {
                    handle.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception ignored) {
                    // reported below through isAlive
                }
            }
            stopped = !handle.isAlive();
            if (!stopped) {
                throw new BrokerException("broker pid " + handle.pid() + " did not exit");
            }
        }
        try {
            Files.deleteIfExists(settings.dataDir().resolve(PID_FILE));
        } catch (IOException ignored) {
            // a stale pid file is detected as stale on the next start
        }
        process = null;
        return stopped;
    }

    public BrokerStatus status() {
        Optional<ProcessHandle> running = runningBroker();
        int port = readPort().orElse(settings.port());
        if (running.isEmpty()) {
            return new BrokerStatus(false, -1, port, settings.dataDir().toAbsolutePath(), "no live broker process for this data directory");
        }
        boolean answers = answers(port);
        return new BrokerStatus(answers, running.get().pid(), port, settings.dataDir().toAbsolutePath(),
                answers ? "answering" : "process alive but port " + port + " does not answer yet");
    }

    @Override
    public void close() {
        stop(Duration.ofSeconds(60));
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // already shutting down
            }
        }
        if (deleteOnClose) {
            deleteRecursively(settings.dataDir());
        }
    }

    // ---- internals -------------------------------------------------------------------------

    private void stopQuietly() {
        try {
            stop(Duration.ofSeconds(20));
        } catch (RuntimeException ignored) {
            // JVM exit: best effort
        }
    }

    private void checkBrokerLib() {
        Path lib = settings.brokerLib();
        boolean ok = false;
        if (Files.isDirectory(lib)) {
            try (Stream<Path> files = Files.list(lib)) {
                ok = files.anyMatch(p -> p.getFileName().toString().startsWith("kafka_2.13-"));
            } catch (IOException e) {
                ok = false;
            }
        }
        if (!ok) {
            throw new BrokerException("the Kafka broker jars are not in " + lib.toAbsolutePath()
                    + "; build them with `mvn -B -q -f local-kafka/pom.xml package -DskipTests` (or run ./featuredrop setup)");
        }
    }

    private Optional<ProcessHandle> runningBroker() {
        Path pidFile = settings.dataDir().resolve(PID_FILE);
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains("kafka.Kafka")).orElse(true));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private Optional<Integer> readPort() {
        try {
            return Optional.of(Integer.parseInt(Files.readString(settings.dataDir().resolve(PORT_FILE)).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void requirePortFree(int port, String what) {
        if (!isPortFree(port)) {
            throw new BrokerException("the " + what + " port 127.0.0.1:" + port
                    + " is already in use by another process; choose another port (--port / --controller-port)");
        }
    }

    /**
     * True if nothing listens on 127.0.0.1:port right now (a bind succeeds). Connections of a
     * process that just died may linger in TIME_WAIT; like the servers (Kafka, Vert.x) we bind with
     * SO_REUSEADDR, so those do not count as "in use".
     */
    public static boolean isPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private List<String> javaCommand(Path dataDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms" + Math.min(256, settings.heapMb()) + "m");
        cmd.add("-Xmx" + settings.heapMb() + "m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:ActiveProcessorCount=2");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties"));
        cmd.add("-Dkafka.logs.dir=" + dataDir.resolve("logs"));
        cmd.add("-cp");
        cmd.add(settings.brokerLib().toAbsolutePath() + "/*");
        return cmd;
    }

    private void format(Path serverProperties) throws IOException {
        List<String> cmd = javaCommand(settings.dataDir().toAbsolutePath());
        cmd.addAll(List.of("kafka.tools.StorageTool", "format", "-t", newClusterId(), "-c", serverProperties.toString()));
        Path out = settings.dataDir().resolve("logs").resolve("format.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BrokerException("formatting the broker storage timed out; see " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException("interrupted while formatting the broker storage", e);
        }
        if (p.exitValue() != 0) {
            throw new BrokerException("formatting the broker storage failed (exit " + p.exitValue() + "): "
                    + tail(out, 20));
        }
    }

    private void awaitStarted(Path serverLog, long logOffset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BrokerException("the broker exited with code " + process.exitValue() + " while starting; last log lines:\n"
                        + tail(settings.dataDir().resolve("logs").resolve("broker.out"), 30));
            }
            if (logContainsSince(serverLog, logOffset, STARTED_MARKER) && answers(settings.port())) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BrokerException("interrupted while waiting for the broker", e);
            }
        }
        stopQuietly();
        throw new BrokerException("the broker did not start within " + timeout.toSeconds() + " s; last log lines:\n" + tail(serverLog, 30));
    }

    private static boolean logContainsSince(Path log, long offset, String marker) {
        if (!Files.exists(log)) {
            return false;
        }
        try (var ch = Files.newByteChannel(log)) {
            long size = ch.size();
            if (size <= offset) {
                return false;
            }
            ch.position(offset);
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(size - offset, 8 * 1024 * 1024));
            ch.read(buf);
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).contains(marker);
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of a log file, for error messages ("(no log at ...)" if unreadable). */
    public static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log at " + file + ")";
        }
    }

    /**
     * KRaft cluster ids are 16 random bytes, URL-safe base64 without padding (as {@code kafka-storage
     * random-uuid}). Like Kafka's own {@code Uuid.randomUuid}, never one starting with '-': the storage
     * tool's argument parser would read it as an option (1 in 64 formats failed that way).
     */
    static String newClusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            ByteBuffer b = ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    /** Ports that were free a moment ago (the broker refuses clearly if one got taken meanwhile). */
    public static int[] freePorts(int n) throws IOException {
        int[] ports = new int[n];
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket();
                s.bind(new InetSocketAddress("127.0.0.1", 0));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
        return ports;
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // temp dir: leftovers are harmless
                }
            });
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
