package dev.domstore.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A test's own view of the broker: read what a service published, publish what another would. */
public final class KafkaTestClient {
    private KafkaTestClient() {
    }

    /** Reads {@code topic} from the beginning until a record matches, or fails after {@code timeout}. */
    public static ConsumerRecord<String, String> awaitRecord(String bootstrap, String topic,
            Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        return awaitRecords(bootstrap, topic, match, 1, timeout).get(0);
    }

    /** Reads {@code topic} from the beginning until {@code count} records match; returns them in partition order. */
    public static List<ConsumerRecord<String, String>> awaitRecords(String bootstrap, String topic,
            Predicate<ConsumerRecord<String, String>> match, int count, Duration timeout) {
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        int seen = 0;
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    seen++;
                    if (match.test(record)) {
                        matched.add(record);
                        if (matched.size() == count) {
                            return matched;
                        }
                    }
                }
            }
        }
        throw new AssertionError(matched.size() + " of " + count + " matching records on " + topic + " within " + timeout
                + " (" + seen + " records read); matched: " + matched.stream().map(r -> r.key() + "=" + r.value()).toList());
    }

    public static void send(String bootstrap, String topic, String key, String value) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }
}
