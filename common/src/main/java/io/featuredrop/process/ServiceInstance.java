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

    /** {@code headers} plus this replica's {@link #HEADER}: what a service stamps on every record it produces for a run. */
    public static java.util.Map<String, String> stamp(java.util.Map<String, String> headers) {
        java.util.Map<String, String> all = new java.util.HashMap<>(headers);
        all.put(HEADER, ID);
        return all;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "unknown-host";
        }
    }
}
