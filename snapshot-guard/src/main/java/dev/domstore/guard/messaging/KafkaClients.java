package dev.domstore.guard.messaging;

import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** The guard's Kafka clients: String keys and values (the one JSON form of {@code MessageCodec}). */
final class KafkaClients {
    private KafkaClients() {
    }

    /**
     * The consumer of the group: offsets committed by the worker (they only show progress: a
     * partition's state is rebuilt from the beginning on assignment anyway); cooperative
     * rebalancing, so an instance joining or leaving moves only the partitions that change hands.
     * A 10 s session, not Kafka's 45 s: the partitions of a guard that died are watched by nobody
     * until its session expires (GuardFleetSystemTest measured 48 s from a SIGKILL to a restarted
     * guard owning them again).
     */
    static KafkaConsumer<String, String> groupConsumer(WorkerSettings settings, String clientId) {
        Properties config = base(settings, clientId);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    /** A consumer outside any group, for reading assigned partitions from a chosen offset. */
    static KafkaConsumer<String, String> reader(WorkerSettings settings, String clientId) {
        Properties config = base(settings, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // asking about a topic must not create it
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    static KafkaProducer<String, String> producer(WorkerSettings settings, String clientId) {
        Properties config = settings.kafka().forClient(clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        int timeout = (int) settings.publishTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeout);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeout);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    static Admin admin(WorkerSettings settings) {
        Properties config = settings.kafka().forClient("domstore-snapshot-guard-admin-" + shortId());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return Admin.create(config);
    }

    static String shortId() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static Properties base(WorkerSettings settings, String clientId) {
        return settings.kafka().forClient(clientId);
    }
}
