package io.featuredrop.process;

import java.net.InetAddress;

/**
 * This process among a service's replicas: host name and pid. Stamped on the records a replica
 * produces for a run ({@code fd-instance} header), so who streamed or trained each step can be read
 * back from the topics.
 */
public final class ServiceInstance {

    public static final String HEADER = "fd-instance";
    private static final String ID = host() + "/" + ProcessHandle.current().pid();

    private ServiceInstance() {
    }

    public static String id() {
        return ID;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
