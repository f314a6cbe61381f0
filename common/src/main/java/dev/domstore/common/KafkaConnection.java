package dev.domstore.common;

import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import org.apache.kafka.clients.CommonClientConfigs;

/**
 * Where the broker is and how a service proves who it is to it: the settings every Kafka client of a
 * service shares, whatever else it sets. A service's own clients (not its Reactive Messaging channels)
 * take them from the {@code kafka.*} settings Quarkus gives its channels, so they are configured once.
 */
public record KafkaConnection(Map<String, Object> settings) {

    /** The connection part of {@code kafka}: bootstrap servers, security protocol, SASL and TLS settings. */
    public static KafkaConnection of(Map<String, ?> kafka) {
        return new KafkaConnection(kafka.entrySet().stream()
                .filter(entry -> isConnectionSetting(entry.getKey()))
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    /** The settings of a client named {@code clientId}, to add its own to. */
    public Properties forClient(String clientId) {
        Properties properties = new Properties();
        properties.putAll(settings);
        properties.put(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return properties;
    }

    public String bootstrapServers() {
        return String.valueOf(settings.get(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG));
    }

    private static boolean isConnectionSetting(String key) {
        return key.equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG) || key.equals(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG)
                || key.startsWith("sasl.") || key.startsWith("ssl.");
    }
}
