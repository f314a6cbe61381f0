package dev.domstore.testsupport;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Questions a test asks of the broker to prove that something did NOT happen: has a service's
 * consumer group got through everything on a topic, and what is on a topic right now.
 */
public final class KafkaInspection {
    private KafkaInspection() {
    }

    /** Waits until {@code groupId} has committed, on every partition of {@code topic}, the offset after the last record. */
    public static void awaitCaughtUp(KafkaAccess kafka, String groupId, String topic, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        Map<TopicPartition, Long> behind = Map.of();
        try (Admin admin = admin(kafka)) {
            while (Instant.now().isBefore(deadline)) {
                Map<TopicPartition, Long> ends = endOffsets(admin, topic);
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
                behind = ends.entrySet().stream()
                        .filter(end -> end.getValue() > 0)
                        .filter(end -> committed.get(end.getKey()) == null || committed.get(end.getKey()).offset() < end.getValue())
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
                if (behind.isEmpty()) {
                    return;
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read the offsets of group " + groupId + " on " + topic + ": " + e.getMessage(), e);
        }
        throw new AssertionError("Group " + groupId + " did not get through " + topic + " within " + timeout
                + "; partitions not yet consumed (with their end offsets): " + behind);
    }

    /** Every record on {@code topic} at the time of the call, partition by partition. */
    public static List<ConsumerRecord<String, String>> readAll(KafkaAccess kafka, String topic) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        Properties config = kafka.properties();
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (Admin admin = admin(kafka);
                KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            Map<TopicPartition, Long> ends = endOffsets(admin, topic);
            consumer.assign(ends.keySet());
            consumer.seekToBeginning(ends.keySet());
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("Could not read " + topic + " up to its end offsets " + ends + " within 30 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))) {
                        records.add(record);
                    }
                });
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot read " + topic + ": " + e.getMessage(), e);
        }
        return records;
    }

    private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
        return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
                .all().get(10, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** An admin client of the broker at {@code kafka}; close it. */
    static Admin admin(KafkaAccess kafka) {
        Properties config = kafka.properties();
        return Admin.create(config);
    }
}
