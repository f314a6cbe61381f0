package dev.domstore.agent.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import dev.domstore.agent.AgentInfrastructure;
import dev.domstore.agent.TemporaryImageRoot;
import dev.domstore.common.FailureReason;
import dev.domstore.common.Topics;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.common.messages.Versioned;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeDeletionFailed;
import dev.domstore.common.messages.VolumeExtended;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/**
 * One agent simulating three hosts, against a real Kafka broker, through the same consumer,
 * dispatcher, journal and reporters as a real agent: only the host layer is in memory.
 */
@QuarkusTest
@TestProfile(SimulatedAgentTest.ThreeSimulatedHosts.class)
@WithTestResource(value = AgentInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryImageRoot.class, scope = TestResourceScope.GLOBAL)
class SimulatedAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long MIB = 1L << 20;
    private static final List<String> HOSTS = AgentInfrastructure.SIMULATED_HOSTS;

    public static class ThreeSimulatedHosts implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("domstore.agent.mode", "simulated",
                    "domstore.agent.host-id", "simtest",
                    "domstore.agent.simulated.hosts", "3",
                    "domstore.agent.simulated.vg-size", "1G",
                    "domstore.agent.simulated.write-rate", Long.toString(MIB),
                    "domstore.agent.snapshot-interval", "1s");
        }
    }

    @Test
    void lvmVolumesAndSnapshotsOnEverySimulatedHostWithGrowingFillAndReportsOfTheirOwn() {
        List<CreateVolume> origins = new ArrayList<>();
        List<CreateVolume> snapshots = new ArrayList<>();
        for (String host : HOSTS) {
            CreateVolume origin = CreateVolume.lvm(UUID.randomUUID(), UUID.randomUUID(), host, Instant.now(), "vg0", "data", 64 * MIB, null,
                    null);
            CreateVolume snapshot = CreateVolume.snapshot(UUID.randomUUID(), UUID.randomUUID(), host, Instant.now(), "vg0", "data", "snap1",
                    64 * MIB);
            publish(host, origin);
            publish(host, snapshot);
            origins.add(origin);
            snapshots.add(snapshot);
        }

        for (int i = 0; i < HOSTS.size(); i++) {
            VolumeCreated origin = awaitResult(origins.get(i).hostId(), origins.get(i).commandId(), VolumeCreated.class);
            assertEquals("/dev/vg0/data", origin.path());
            assertEquals(64 * MIB, origin.sizeBytes());
            assertEquals(HOSTS.get(i), origin.hostId());
            VolumeCreated snapshot = awaitResult(snapshots.get(i).hostId(), snapshots.get(i).commandId(), VolumeCreated.class);
            assertEquals("/dev/vg0/snap1", snapshot.path());
            assertEquals(64 * MIB, snapshot.sizeBytes());
        }

        // The snapshot of host 02 fills at 1 MiB/s: 1.5625 % a second of its 64 MiB (full after 64 s).
        UUID watched = snapshots.get(1).volumeId();
        List<SnapshotUsage> usage = KafkaTestClient.awaitRecords(admin(), Topics.SNAPSHOT_USAGE,
                record -> watched.toString().equals(record.key()), 3, WAIT).stream()
                .map(record -> MessageCodec.fromJson(record.value(), SnapshotUsage.class)).toList();
        assertEquals("simtest-02", usage.get(0).hostId());
        assertEquals("snap1", usage.get(0).name());
        assertEquals("data", usage.get(0).origin());
        assertEquals(64 * MIB, usage.get(0).originSizeBytes());
        assertTrue(usage.get(2).dataPercent() > usage.get(0).dataPercent(), "fill grows: " + usage.stream().map(SnapshotUsage::dataPercent).toList());

        // Extending the snapshot halves its fill; deleting its origin is refused while it exists.
        ExtendVolume extend = new ExtendVolume(UUID.randomUUID(), watched, "simtest-02", Instant.now(), VolumeKind.SNAPSHOT, "snap1", "vg0",
                null, 128 * MIB, null);
        publish("simtest-02", extend);
        assertEquals(128 * MIB, awaitResult(extend.hostId(), extend.commandId(), VolumeExtended.class).sizeBytes());
        DeleteVolume deleteOrigin = new DeleteVolume(UUID.randomUUID(), origins.get(1).volumeId(), "simtest-02", Instant.now(), VolumeKind.LVM,
                "data", null, "vg0");
        publish("simtest-02", deleteOrigin);
        assertEquals(FailureReason.BUSY, awaitResult(deleteOrigin.hostId(), deleteOrigin.commandId(), VolumeDeletionFailed.class).reason());

        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            UUID snapshotId = snapshots.get(i).volumeId();
            HostReport report = MessageCodec.fromJson(KafkaTestClient.awaitRecord(admin(), Topics.ofHost(Topics.HOST_REPORTS, host), record -> {
                if (!host.equals(record.key())) {
                    return false;
                }
                HostReport candidate = MessageCodec.fromJson(record.value(), HostReport.class);
                return candidate.logicalVolumes().stream().anyMatch(lv -> snapshotId.equals(lv.volumeId()));
            }, WAIT).value(), HostReport.class);
            assertEquals(host, report.hostId());
            assertTrue(report.simulated());
            assertTrue(report.hostname().endsWith(".simulated"), report.hostname());
            assertEquals("vg0", report.volumeGroups().get(0).name());
            assertEquals(1L << 30, report.volumeGroups().get(0).sizeBytes());
            assertTrue(report.logicalVolumes().stream().anyMatch(lv -> lv.name().equals("data") && origins.get(HOSTS.indexOf(host))
                    .volumeId().equals(lv.volumeId())));
            assertTrue(report.imageRoot().endsWith("/" + host), report.imageRoot());
        }
    }

    /** As the inventory publishes it: on {@code hostId}'s commands topic, with the inventory's credential. */
    private static void publish(String hostId, Versioned command) {
        KafkaTestClient.send(RealInfrastructure.kafka().as(KafkaBroker.INVENTORY), Topics.ofHost(Topics.COMMANDS, hostId), hostId,
                MessageCodec.toJson(command));
    }

    private static <T extends CommandResult> T awaitResult(String hostId, UUID commandId, Class<T> type) {
        ConsumerRecord<String, String> record = KafkaTestClient.awaitRecord(admin(), Topics.ofHost(Topics.RESULTS, hostId),
                candidate -> commandId.toString().equals(candidate.key()), WAIT);
        return assertInstanceOf(type, MessageCodec.fromJson(record.value(), CommandResult.class), record.value());
    }

    private static KafkaAccess admin() {
        return RealInfrastructure.kafka().admin();
    }
}
