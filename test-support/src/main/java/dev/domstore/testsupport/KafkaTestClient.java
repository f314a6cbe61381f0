package dev.domstore.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Predicate;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A test's own view of the broker: read what a service published, publish what another would. */
public final class KafkaTestClient {
    private KafkaTestClient() {
    }

    /** Reads {@code topic} from the beginning until a record matches, or fails after {@code timeout}. */
    public static ConsumerRecord<String, String> awaitRecord(KafkaAccess kafka, String topic,
            Predicate<ConsumerRecord<String, String>> match, Duration timeout) {
        return awaitRecords(kafka, topic, match, 1, timeout).get(0);
    }

    /** Reads {@code topic} from the beginning until {@code count} records match; returns them in partition order. */
    public static List<ConsumerRecord<String, String>> awaitRecords(KafkaAccess kafka, String topic,
            Predicate<ConsumerRecord<String, String>> match, int count, Duration timeout) {
        List<ConsumerRecord<String, String>> matched = new ArrayList<>();
        int seen = 0;
        Properties config = kafka.properties();
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

    public static void send(KafkaAccess kafka, String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = producer(kafka)) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to " + topic + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates {@code topic} with the broker's defaults unless it exists, and waits until every
     * partition has a leader: for a test that publishes first to a topic the broker would otherwise
     * create on the first send (on a loaded machine, such a first send was seen to wait 120 s for
     * one partition and fail).
     */
    public static void createTopic(KafkaAccess kafka, String topic) {
        try (Admin admin = KafkaInspection.admin(kafka)) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Optional.empty(), Optional.empty()))).all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic).partitions().stream()
                    .anyMatch(partition -> partition.leader() == null || partition.leader().isEmpty())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Topic " + topic + " has partitions without a leader after 30 s");
                }
                ChildProcess.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create the topic " + topic + ": " + e.getMessage(), e);
        }
    }

    /** A producer of String keys and values (the one JSON form of {@code MessageCodec}), every record acknowledged by the broker. */
    public static KafkaProducer<String, String> producer(KafkaAccess kafka) {
        Properties config = kafka.properties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /**
     * Follows every partition of {@code topic} on a thread of its own and hands each record to
     * {@code handler}, from the beginning of the topic or from now (the end offsets when this
     * returns), until closed. The topic must exist or come to within 30 s; following never creates it.
     */
    public static Tail tail(KafkaAccess kafka, String topic, boolean fromBeginning, Consumer<ConsumerRecord<String, String>> handler) {
        Properties config = kafka.properties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
        try {
            List<TopicPartition> partitions = List.of();
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (partitions.isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Topic " + topic + " does not exist after 30 s: nothing to follow");
                }
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
                partitions = infos == null ? List.of() : infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
                if (partitions.isEmpty()) {
                    ChildProcess.sleep(200);
                }
            }
            consumer.assign(partitions);
            if (fromBeginning) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            partitions.forEach(consumer::position); // seeks are lazy: fix "now" before returning
        } catch (RuntimeException | Error e) {
            consumer.close();
            throw e;
        }
        return new Tail(topic, consumer, handler);
    }

    /** A topic followed by {@link #tail}; closing it stops the thread, and throws if the handler or the consumer failed. */
    public static final class Tail implements AutoCloseable {
        private final String topic;
        private final KafkaConsumer<String, String> consumer;
        private final AtomicBoolean stopping = new AtomicBoolean();
        private final Thread thread;
        private volatile RuntimeException failure;

        private Tail(String topic, KafkaConsumer<String, String> consumer, Consumer<ConsumerRecord<String, String>> handler) {
            this.topic = topic;
            this.consumer = consumer;
            this.thread = new Thread(() -> follow(handler), "tail-" + topic);
            thread.setDaemon(true);
            thread.start();
        }

        private void follow(Consumer<ConsumerRecord<String, String>> handler) {
            try {
                while (!stopping.get()) {
                    consumer.poll(Duration.ofMillis(50)).forEach(handler);
                }
            } catch (WakeupException e) {
                if (!stopping.get()) {
                    failure = e;
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                consumer.close(Duration.ofSeconds(5));
            }
        }

        /** The handler's or the consumer's failure, null while there is none; following stops at the first. */
        public RuntimeException failure() {
            return failure;
        }

        @Override
        public void close() {
            stopping.set(true);
            if (thread.isAlive()) {
                consumer.wakeup();
            }
            try {
                thread.join(Duration.ofSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failure != null) {
                throw new IllegalStateException("Following " + topic + " failed: " + failure, failure);
            }
        }
    }
}
