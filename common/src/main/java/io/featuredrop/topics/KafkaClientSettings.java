package io.featuredrop.topics;

import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Where every Kafka client of featuredrop gets its connection settings: the bootstrap servers and the
 * security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}). The one source is the
 * {@code KAFKA_*} environment variables (or the {@code kafka.*} system properties), the names Quarkus
 * already reads for the services' channels: {@code KAFKA_SECURITY_PROTOCOL}, {@code KAFKA_SASL_MECHANISM},
 * {@code KAFKA_SASL_JAAS_CONFIG}, {@code KAFKA_SSL_TRUSTSTORE_LOCATION}, ... Inside a service the same
 * values arrive as Quarkus's {@code default-kafka-broker} map, which the clients a service builds
 * itself (end-offset admin, dead letters) are made from. The CLI and the topics tool read them here.
 */
public record KafkaClientSettings(String bootstrapServers, Map<String, String> security) {

    public KafkaClientSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers are empty");
        }
        security = Map.copyOf(security);
    }

    /** {@code bootstrap} with the security settings of this process's environment and system properties. */
    public static KafkaClientSettings forBootstrap(String bootstrap) {
        return new KafkaClientSettings(bootstrap, securityFrom(System.getenv(), systemProperties()));
    }

    /** The security settings among {@code KAFKA_*} variables and {@code kafka.*} properties (properties win). */
    static Map<String, String> securityFrom(Map<String, String> env, Map<String, String> properties) {
        Map<String, String> out = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith("KAFKA_")) {
                String key = name.substring("KAFKA_".length()).toLowerCase(Locale.ROOT).replace('_', '.');
                if (isSecurity(key)) {
                    out.put(key, value);
                }
            }
        });
        properties.forEach((name, value) -> {
            if (name.startsWith("kafka.") && isSecurity(name.substring("kafka.".length()))) {
                out.put(name.substring("kafka.".length()), value);
            }
        });
        return out;
    }

    /** Whether a client setting is a security one (what must reach every client of a secured broker). */
    public static boolean isSecurity(String key) {
        return key.equals("security.protocol") || key.startsWith("sasl.") || key.startsWith("ssl.");
    }

    /** Bootstrap servers and security, ready for a producer, consumer or admin client. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(security);
        p.put("bootstrap.servers", bootstrapServers);
        return p;
    }

    /** For messages: the broker and how it is reached, never the secret itself. */
    public String describe() {
        return bootstrapServers + " (" + security.getOrDefault("security.protocol", "PLAINTEXT")
                + (security.containsKey("sasl.mechanism") ? ", " + security.get("sasl.mechanism") : "") + ")";
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> out = new TreeMap<>();
        System.getProperties().forEach((k, v) -> out.put(k.toString(), v.toString()));
        return out;
    }
}
