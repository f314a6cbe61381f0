package dev.domstore.bench;

import java.util.Properties;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Kafka client settings for the bench's own clients, tuned for latency as a careful engineer would: the
 * floor's clients and those that stand in for the inventory in the agent benchmark, so that no figure is
 * flattered by a slow harness.
 */
final class TunedClients {
    /** The broker answers a fetch as soon as a record is there; this only bounds an empty fetch. */
    static final int FETCH_MAX_WAIT_MS = 1;

    private TunedClients() {
    }

    /** {@code acks=all}, idempotent, and no linger (Kafka 4 clients wait 5 ms by default for a batch to fill). */
    static Properties producer(Properties connection) {
        Properties config = new Properties();
        config.putAll(connection);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return config;
    }

    static Properties consumer(Properties connection) {
        Properties config = new Properties();
        config.putAll(connection);
        config.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, FETCH_MAX_WAIT_MS);
        return config;
    }
}
