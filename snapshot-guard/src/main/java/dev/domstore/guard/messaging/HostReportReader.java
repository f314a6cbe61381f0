package dev.domstore.guard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.guard.domain.VolumeGroupSpaces;

/**
 * Follows every host's {@code domstore.host-reports.<host>} for the volume groups' free space. Every
 * guard instance reads them all: any snapshot may be in any host's volume group. On start it reads
 * from {@code hostReportsLookback} ago, so it knows the free space before the worker decides anything;
 * then it follows them, and the topics of hosts enrolled later.
 */
public final class HostReportReader implements AutoCloseable, TopicFollower.Handler {
    private static final Logger LOG = Logger.getLogger(HostReportReader.class);

    private final WorkerSettings settings;
    private final VolumeGroupSpaces spaces;
    private final Clock clock;
    private final AtomicLong reports = new AtomicLong();
    private final TopicFollower follower;

    public HostReportReader(WorkerSettings settings, VolumeGroupSpaces spaces, Clock clock) {
        this.settings = settings;
        this.spaces = spaces;
        this.clock = clock;
        this.follower = new TopicFollower(Topics.everyHost(Topics.HOST_REPORTS), "guard-host-reports", settings, clock, this);
    }

    public void start() {
        follower.start();
    }

    /** Waits until the recent reports are read (or there are none); false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return follower.awaitReady(timeout);
    }

    public long reportsRead() {
        return reports.get();
    }

    @Override
    public void starting() {
        // The free space is kept across a restart of the reading: newer reports replace older ones.
    }

    @Override
    public void seekInitial(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        long since = clock.instant().minus(settings.hostReportsLookback()).toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, since));
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query);
        for (TopicPartition partition : partitions) {
            OffsetAndTimestamp offset = offsets.get(partition);
            if (offset == null) {
                consumer.seekToEnd(List.of(partition));
            } else {
                consumer.seek(partition, offset.offset());
            }
        }
    }

    @Override
    public void accept(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        try {
            HostReport report = MessageCodec.fromJson(record.value(), HostReport.class);
            if (report.hostId() != null) {
                spaces.report(report, clock.instant());
                reports.incrementAndGet();
            }
        } catch (MalformedMessageException e) {
            LOG.warnf("Skipping a malformed record on %s-%d at offset %d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    @Override
    public void caughtUp() {
        LOG.infof("Read the recent host reports: %d reports, %d volume groups known", reports.get(), spaces.volumeGroups());
    }

    @Override
    public void close() {
        follower.close();
    }
}
