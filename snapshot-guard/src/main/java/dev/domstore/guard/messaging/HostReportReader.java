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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.guard.domain.VolumeGroupSpaces;

/**
 * Follows {@code domstore.host-reports} for the volume groups' free space. Every guard instance
 * reads every partition (no consumer group): any snapshot may be in any host's volume group. On
 * start it reads from {@code hostReportsLookback} ago, so it knows the free space before the worker
 * decides anything; then it follows the topic.
 */
public final class HostReportReader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostReportReader.class);
    private static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Duration DISCOVER = Duration.ofSeconds(2);

    private final WorkerSettings settings;
    private final VolumeGroupSpaces spaces;
    private final Clock clock;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong reports = new AtomicLong();
    private final ConsumerThread thread = new ConsumerThread("guard-host-reports");

    public HostReportReader(WorkerSettings settings, VolumeGroupSpaces spaces, Clock clock) {
        this.settings = settings;
        this.spaces = spaces;
        this.clock = clock;
    }

    public void start() {
        thread.start(this::run);
    }

    /** Waits until the recent reports are read (or there are none); false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public long reportsRead() {
        return reports.get();
    }

    private void run() {
        while (thread.running()) {
            try (KafkaConsumer<String, String> c = KafkaClients.reader(settings, "domstore-snapshot-guard-hosts-" + KafkaClients.shortId())) {
                thread.polling(c);
                follow(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!thread.running()) {
                    return;
                }
                LOG.warnf("Reading %s failed (%s); starting over in 5 s", Topics.HOST_REPORTS, e.toString());
                thread.pause(Duration.ofSeconds(5));
            }
        }
    }

    private void follow(KafkaConsumer<String, String> c) {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<TopicPartition, Long> initialEnds = null;
        Instant nextRefresh = Instant.MIN;
        while (thread.running()) {
            if (clock.instant().isAfter(nextRefresh)) {
                List<TopicPartition> added = discover(c, assigned);
                if (!added.isEmpty()) {
                    boolean first = assigned.size() == added.size();
                    c.assign(assigned);
                    if (first) {
                        seekToLookback(c, added);
                        initialEnds = c.endOffsets(added);
                    } else {
                        c.seekToBeginning(added);
                    }
                }
                if (assigned.isEmpty()) {
                    ready.countDown(); // no host has reported yet: nothing to wait for
                }
                // Until the topic exists (no agent has reported yet), look again soon.
                nextRefresh = clock.instant().plus(assigned.isEmpty() ? DISCOVER : REFRESH);
            }
            if (assigned.isEmpty()) {
                thread.pause(Duration.ofSeconds(1));
                continue;
            }
            for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                if (record.value() == null) {
                    continue;
                }
                try {
                    HostReport report = MessageCodec.fromJson(record.value(), HostReport.class);
                    if (report.hostId() != null) {
                        spaces.report(report, clock.instant());
                        reports.incrementAndGet();
                    }
                } catch (MalformedMessageException e) {
                    LOG.warnf("Skipping a malformed record on %s-%d at offset %d: %s", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
            }
            if (initialEnds != null && initialEnds.entrySet().stream().allMatch(end -> c.position(end.getKey()) >= end.getValue())) {
                LOG.infof("Read the recent host reports: %d reports, %d volume groups known", reports.get(), spaces.volumeGroups());
                initialEnds = null;
                ready.countDown();
            }
        }
    }

    private static List<TopicPartition> discover(KafkaConsumer<String, String> c, Set<TopicPartition> assigned) {
        List<PartitionInfo> infos = c.partitionsFor(Topics.HOST_REPORTS, Duration.ofSeconds(10));
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (assigned.add(partition)) {
                added.add(partition);
            }
        }
        return added;
    }

    private void seekToLookback(KafkaConsumer<String, String> c, List<TopicPartition> partitions) {
        long since = clock.instant().minus(settings.hostReportsLookback()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                c.seekToEnd(List.of(partition));
            } else {
                c.seek(partition, offset.offset());
            }
        }
    }

    @Override
    public void close() {
        thread.stop();
    }
}
