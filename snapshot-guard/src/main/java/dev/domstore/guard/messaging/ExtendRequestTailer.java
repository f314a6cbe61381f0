package dev.domstore.guard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.guard.domain.GuardEngine;

/**
 * Reads {@code domstore.extend-requests} into the engine's ledger: on the first catch-up from
 * {@code requestsLookback} ago (older requests are past every retry timeout and hold nothing
 * back), afterwards from where it stopped. Every partition, because a volume's requests may sit on
 * any of them whatever the usage topic's partitioning. Called on the worker thread only.
 */
final class ExtendRequestTailer implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExtendRequestTailer.class);

    private final KafkaConsumer<String, String> consumer;
    private final Duration lookback;
    private final Clock clock;
    private final Set<TopicPartition> assigned = new HashSet<>();

    ExtendRequestTailer(KafkaConsumer<String, String> consumer, Duration lookback, Clock clock) {
        this.consumer = consumer;
        this.lookback = lookback;
        this.clock = clock;
    }

    /** Reads up to the end offsets of now; returns how many requests were read. */
    int catchUp(GuardEngine engine, Duration timeout) {
        List<PartitionInfo> infos = consumer.partitionsFor(Topics.EXTEND_REQUESTS, timeout);
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (assigned.add(partition)) {
                added.add(partition);
            }
        }
        if (!added.isEmpty()) {
            boolean first = assigned.size() == added.size();
            consumer.assign(assigned);
            if (first) {
                seekToLookback(added);
            } else {
                consumer.seekToBeginning(added); // partitions added to the topic later: all of them is recent
            }
        }
        if (assigned.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(assigned, timeout);
        Instant deadline = clock.instant().plus(timeout);
        int read = 0;
        while (!caughtUp(ends)) {
            if (clock.instant().isAfter(deadline)) {
                LOG.warnf("Reading %s did not reach its end within %s; going on with %d requests read", Topics.EXTEND_REQUESTS,
                        timeout, read);
                break;
            }
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.value() == null) {
                    continue;
                }
                try {
                    engine.requestSeen(MessageCodec.fromJson(record.value(), SnapshotExtendRequested.class));
                    read++;
                } catch (MalformedMessageException e) {
                    LOG.warnf("Skipping a malformed record on %s-%d at offset %d: %s", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            }
        }
        engine.pruneLedger(clock.instant().minus(lookback));
        return read;
    }

    private void seekToLookback(List<TopicPartition> partitions) {
        long since = clock.instant().minus(lookback).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
        List<TopicPartition> nothingRecent = new ArrayList<>();
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                nothingRecent.add(partition);
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
        if (!nothingRecent.isEmpty()) {
            consumer.seekToEnd(nothingRecent);
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> ends) {
        return ends.entrySet().stream().allMatch(end -> consumer.position(end.getKey()) >= end.getValue());
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
