package dev.domstore.inventory.messaging;

import java.util.Map;
import java.util.Properties;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

import io.smallrye.common.annotation.Identifier;

import dev.domstore.common.KafkaConnection;

/**
 * The connection of the inventory's Kafka clients of its own (the outbox relay's producer, the admin
 * client that makes topics and enrols hosts): the same {@code kafka.*} settings as its channels.
 */
@ApplicationScoped
public class KafkaClientSettings {
    private final KafkaConnection connection;

    @Inject
    KafkaClientSettings(@Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.connection = KafkaConnection.of(kafka);
    }

    public Properties forClient(String clientId) {
        return connection.forClient(clientId);
    }

    public String bootstrapServers() {
        return connection.bootstrapServers();
    }

    /** An admin client; close it. */
    public Admin admin(String clientId) {
        Properties properties = forClient(clientId);
        properties.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        properties.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(properties);
    }
}
