package dev.domstore.guard.messaging;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.testsupport.AgentMessages;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaInspection;
import dev.domstore.testsupport.KafkaTestClient;

/** What an agent would publish, and what the guard published, for the Kafka tests. */
final class GuardTestSupport {
    static final long MiB = 1 << 20;
    static final long GiB = 1L << 30;

    private GuardTestSupport() {
    }

    static SnapshotUsage usage(UUID volumeId, String hostId, String vg, Instant at, long cow, long origin, double percent) {
        return AgentMessages.snapshotUsage(volumeId, hostId, vg, at, cow, origin, percent);
    }

    static void publish(KafkaAccess kafka, SnapshotUsage usage) {
        KafkaTestClient.send(kafka, Topics.SNAPSHOT_USAGE, usage.volumeId().toString(), MessageCodec.toJson(usage));
    }

    static void publishHostReport(KafkaAccess kafka, String hostId, List<HostReport.VolumeGroup> vgs) {
        HostReport report = AgentMessages.hostReport(hostId, Instant.now(), vgs);
        KafkaTestClient.send(kafka, Topics.ofHost(Topics.HOST_REPORTS, hostId), hostId, MessageCodec.toJson(report));
    }

    /** Every extend request on the topic now for {@code volumeId}. */
    static List<SnapshotExtendRequested> requestsFor(KafkaAccess kafka, UUID volumeId) {
        return KafkaInspection.readAll(kafka, Topics.EXTEND_REQUESTS).stream()
                .filter(record -> volumeId.toString().equals(record.key()))
                .map(record -> MessageCodec.fromJson(record.value(), SnapshotExtendRequested.class))
                .toList();
    }
}
