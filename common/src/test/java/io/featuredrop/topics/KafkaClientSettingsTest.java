package io.featuredrop.topics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class KafkaClientSettingsTest {

    static final String JAAS = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"p\";";

    @Test
    void theServicesKafkaVariablesGiveTheSecuritySettingsAndNothingElse() {
        Map<String, String> env = Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT", "KAFKA_SASL_MECHANISM", "SCRAM-SHA-512",
                "KAFKA_SASL_JAAS_CONFIG", JAAS, "KAFKA_SSL_TRUSTSTORE_LOCATION", "/etc/ts.p12",
                "KAFKA_BOOTSTRAP_SERVERS", "kafka:19092", "KAFKA_HEAP_OPTS", "-Xmx1g", "PATH", "/usr/bin");
        Map<String, String> security = KafkaClientSettings.securityFrom(env, Map.of());
        assertEquals(Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS,
                "ssl.truststore.location", "/etc/ts.p12"), security);
    }

    @Test
    void systemPropertiesWinOverTheEnvironment() {
        Map<String, String> security = KafkaClientSettings.securityFrom(Map.of("KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT"),
                Map.of("kafka.security.protocol", "SASL_SSL", "kafka.bootstrap.servers", "x:1", "other", "y"));
        assertEquals(Map.of("security.protocol", "SASL_SSL"), security);
    }

    @Test
    void clientPropertiesCarryBootstrapAndSecurityAndTheDescriptionHidesTheSecret() {
        KafkaClientSettings s = new KafkaClientSettings("127.0.0.1:9092",
                Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "SCRAM-SHA-512", "sasl.jaas.config", JAAS));
        Properties p = s.clientProperties();
        assertEquals("127.0.0.1:9092", p.get("bootstrap.servers"));
        assertEquals(JAAS, p.get("sasl.jaas.config"));
        assertEquals("127.0.0.1:9092 (SASL_PLAINTEXT, SCRAM-SHA-512)", s.describe());
        assertFalse(s.describe().contains("password"));
        assertThrows(IllegalArgumentException.class, () -> new KafkaClientSettings(" ", Map.of()));
    }

    @Test
    void securityKeysAreRecognised() {
        assertTrue(KafkaClientSettings.isSecurity("ssl.keystore.type"));
        assertTrue(KafkaClientSettings.isSecurity("sasl.jaas.config"));
        assertFalse(KafkaClientSettings.isSecurity("bootstrap.servers"));
    }
}
