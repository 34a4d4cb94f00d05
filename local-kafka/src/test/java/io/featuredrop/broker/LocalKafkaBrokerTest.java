package io.featuredrop.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("broker")
class LocalKafkaBrokerTest {

    @TempDir
    Path dataDir;

    @Test
    void formatsStartsRefusesASecondStartAndStopsCleanly() throws IOException {
        int[] ports = LocalKafkaBroker.freePorts(2);
        BrokerSettings settings = new BrokerSettings(dataDir, ports[0], ports[1], BrokerSettings.defaultBrokerLib(), 384);
        LocalKafkaBroker broker = new LocalKafkaBroker(settings);
        try {
            broker.start(Duration.ofSeconds(90));
            assertTrue(Files.exists(dataDir.resolve("kraft-logs").resolve("meta.properties")), "storage formatted");
            assertTrue(Files.readString(dataDir.resolve("logs").resolve("server.log")).contains(LocalKafkaBroker.STARTED_MARKER));
            BrokerStatus status = broker.status();
            assertTrue(status.running(), status.toString());
            assertEquals(ports[0], status.port());

            // a second launcher on the same data directory sees the running broker and refuses
            LocalKafkaBroker second = new LocalKafkaBroker(settings);
            BrokerException e = assertThrows(BrokerException.class, () -> second.start(Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("already running"), e.getMessage());
            assertTrue(second.status().running(), "status seen from another launcher");
        } finally {
            assertTrue(broker.stop(Duration.ofSeconds(60)), "a running broker was stopped");
        }
        assertFalse(broker.status().running());
        assertFalse(Files.exists(dataDir.resolve(LocalKafkaBroker.PID_FILE)));

        // restart on the same data: no re-format (the cluster id stays), still starts
        String meta = Files.readString(dataDir.resolve("kraft-logs").resolve("meta.properties"));
        try {
            broker.start(Duration.ofSeconds(90));
            assertEquals(meta, Files.readString(dataDir.resolve("kraft-logs").resolve("meta.properties")));
        } finally {
            broker.stop(Duration.ofSeconds(60));
        }
    }

    @Test
    void refusesATakenPortWithAClearMessage() throws IOException {
        try (ServerSocket squatter = new ServerSocket()) {
            squatter.bind(new InetSocketAddress("127.0.0.1", 0));
            int taken = squatter.getLocalPort();
            int controller = LocalKafkaBroker.freePorts(1)[0];
            LocalKafkaBroker broker = new LocalKafkaBroker(
                    new BrokerSettings(dataDir, taken, controller, BrokerSettings.defaultBrokerLib(), 256));
            BrokerException e = assertThrows(BrokerException.class, () -> broker.start(Duration.ofSeconds(5)));
            assertTrue(e.getMessage().contains("127.0.0.1:" + taken) && e.getMessage().contains("in use"), e.getMessage());
        }
    }

    @Test
    void saysWhereTheJarsShouldBeWhenTheyAreMissing() {
        LocalKafkaBroker broker = new LocalKafkaBroker(
                new BrokerSettings(dataDir, 19092, 19093, dataDir.resolve("nowhere"), 256));
        BrokerException e = assertThrows(BrokerException.class, () -> broker.start(Duration.ofSeconds(5)));
        assertTrue(e.getMessage().contains("broker jars"), e.getMessage());
    }

    @Test
    void clusterIdsHaveKafkasShapeAndNeverLookLikeAnOption() {
        for (int i = 0; i < 2000; i++) { // an id starting with '-' (1 in 64) made the storage tool fail
            String id = LocalKafkaBroker.newClusterId();
            assertEquals(22, id.length());
            assertTrue(id.matches("[A-Za-z0-9_][A-Za-z0-9_-]+"), id);
        }
    }
}
