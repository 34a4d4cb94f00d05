package io.featuredrop.broker;

import java.nio.file.Path;

/** What {@code featuredrop broker status} reports. */
public record BrokerStatus(boolean running, long pid, int port, Path dataDir, String detail) {
    @Override
    public String toString() {
        return running
                ? "broker running: pid " + pid + ", bootstrap 127.0.0.1:" + port + ", data " + dataDir
                : "broker not running (" + detail + "), data " + dataDir;
    }
}
