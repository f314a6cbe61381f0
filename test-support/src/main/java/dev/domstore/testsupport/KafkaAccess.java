package dev.domstore.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import dev.domstore.common.KafkaConnection;

/**
 * A way into the test broker as one of its users: its address and the credential every client of
 * that user sends. The broker asks every client who it is; there is no anonymous access.
 *
 * @param user     the Kafka user, as ACLs name it ({@code User:<user>})
 * @param password its password
 * @param mechanism SCRAM-SHA-512 for domstore's users, PLAIN for the broker's own admin
 */
public record KafkaAccess(String bootstrapServers, String user, String password, String mechanism) {

    /** The client settings: address and credential. */
    public Properties properties() {
        Properties properties = new Properties();
        properties.putAll(clientConfig());
        return properties;
    }

    /** The same settings as a map, to add a client's own to. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        config.put(SaslConfigs.SASL_MECHANISM, mechanism);
        config.put(SaslConfigs.SASL_JAAS_CONFIG, jaas());
        return config;
    }

    /** As a service's own Kafka clients take them. */
    public KafkaConnection connection() {
        return KafkaConnection.of(clientConfig());
    }

    /** As a Quarkus service under test reads them: the {@code kafka.*} settings and domstore's own credential settings. */
    public Map<String, String> quarkusConfig() {
        requireScram();
        return Map.of("kafka.bootstrap.servers", bootstrapServers, "domstore.kafka.username", user, "domstore.kafka.password", password);
    }

    /** As a packaged service reads them from its environment, as the launcher sets it. */
    public Map<String, String> serviceEnvironment() {
        requireScram();
        return Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers, "DOMSTORE_KAFKA_USERNAME", user, "DOMSTORE_KAFKA_PASSWORD", password);
    }

    private String jaas() {
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        return module + " required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private void requireScram() {
        if (!mechanism.startsWith("SCRAM")) {
            throw new IllegalStateException("domstore's services authenticate with SCRAM; " + user + " is the broker's own " + mechanism + " user");
        }
    }
}
