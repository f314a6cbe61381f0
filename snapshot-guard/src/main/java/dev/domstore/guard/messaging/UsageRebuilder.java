package dev.domstore.guard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.guard.domain.GuardEngine;

/**
 * Rebuilds the state of snapshot-usage partitions: reads each from its beginning (a compacted
 * topic: about one record per snapshot, plus the recent tail) up to its end offset at the time of
 * the call, into the engine, without deciding anything. Called on the worker thread only.
 */
final class UsageRebuilder implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UsageRebuilder.class);

    private final KafkaConsumer<String, String> consumer;
    private final Clock clock;

    UsageRebuilder(KafkaConsumer<String, String> consumer, Clock clock) {
        this.consumer = consumer;
        this.clock = clock;
    }

    /** Returns, per partition, the offset up to which it was read: the live consumer goes on from there. */
    Map<TopicPartition, Long> rebuild(Collection<TopicPartition> partitions, GuardEngine engine, Duration timeout) {
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Instant deadline = clock.instant().plus(timeout);
        int records = 0;
        try {
            while (ends.entrySet().stream().anyMatch(end -> consumer.position(end.getKey()) < end.getValue())) {
                if (clock.instant().isAfter(deadline)) {
                    LOG.warnf("Rebuilding %s did not finish within %s; the rest is read as live records", partitions, timeout);
                    break;
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= ends.get(partition)) {
                        continue; // read again live, from the reached position
                    }
                    records++;
                    SnapshotUsage usage = UsageRecords.parse(record);
                    UUID key = UsageRecords.key(record);
                    if (usage != null || record.value() == null) {
                        engine.rebuilt(record.partition(), key, usage);
                    }
                }
            }
            Map<TopicPartition, Long> reached = new HashMap<>();
            for (TopicPartition partition : partitions) {
                reached.put(partition, Math.min(consumer.position(partition), ends.get(partition)));
            }
            LOG.infof("Rebuilt %s from %d records: %d snapshots watched", partitions, records, engine.snapshots().size());
            return reached;
        } finally {
            consumer.assign(List.of());
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
