package dev.domstore.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import dev.domstore.testsupport.KafkaBroker;

/**
 * Round trips through a freshly started broker before anything is measured on it: the first thousands of
 * produce and fetch requests run in the broker's interpreter and are several times slower than the rest of its life.
 */
final class BrokerWarmup {
    private static final String TOPIC = "bench.warm-up";

    private BrokerWarmup() {
    }

    static void roundTrips(KafkaBroker kafka, int count) throws Exception {
        try (Admin admin = Admin.create(kafka.admin().properties())) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        TopicPartition partition = new TopicPartition(TOPIC, 0);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(TunedClients.producer(kafka.admin().properties()),
                new StringSerializer(), new StringSerializer());
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(TunedClients.consumer(kafka.admin().properties()),
                        new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToEnd(List.of(partition));
            consumer.position(partition);
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(TOPIC, "k", "warm-up " + i)).get(30, TimeUnit.SECONDS);
                int received = 0;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (received == 0 && System.nanoTime() < deadline) {
                    received = consumer.poll(Duration.ofMillis(50)).count();
                }
            }
        } finally {
            try (Admin admin = Admin.create(kafka.admin().properties())) {
                admin.deleteTopics(List.of(TOPIC)).all().get(30, TimeUnit.SECONDS);
            }
        }
        Main.log("broker warmed up: %d round trips", count);
    }
}
