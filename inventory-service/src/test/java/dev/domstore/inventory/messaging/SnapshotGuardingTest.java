package dev.domstore.inventory.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.common.messages.VolumeExtended;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.OutboxMessage;
import dev.domstore.inventory.rest.VolumeKindsTest;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;

/** The guard's requests become extensions once each; what cannot be held is AT_RISK; an overflow is INVALID. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class SnapshotGuardingTest {
    private static final long MIB = 1L << 20;

    @Test
    void aGuardRequestIsOneExtensionAndItsFillIsShown() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID origin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "base", "2G", null), "/dev/vg/base", 2L << 30, false);
        UUID snap = InventoryTestSupport.availableVolume(VolumeKindsTest.snapshot("guarded", origin, "256M"), "/dev/vg/guarded", 256 * MIB, false);

        Instant t0 = Instant.now();
        usage(snap, host, 256 * MIB, 10.0, false, t0);
        usage(snap, host, 256 * MIB, 60.0, false, t0.plusSeconds(2));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/volumes/" + snap).then()
                .body("snapshotFill.dataPercent", equalTo(60.0f))
                .body("snapshotFill.fillRateBytesPerSecond", greaterThan(60_000_000f))
                .body("snapshotFill.secondsToFull", notNullValue()));

        SnapshotExtendRequested request = new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 256 * MIB, 512 * MIB,
                60.0, "PREDICTION", 1.5);
        send(request);
        ExtendVolume command = InventoryTestSupport.awaitCommand(snap, ExtendVolume.class);
        assertEquals(512 * MIB, command.newSizeBytes());
        // The same step again, as a redelivery or a second guard instance would send it: no second command.
        send(new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 256 * MIB, 512 * MIB, 61.0, "THRESHOLD", null));
        InventoryTestSupport.publishResult(new VolumeExtended(UUID.randomUUID(), command.commandId(), snap, host, Instant.now(), 512 * MIB));
        InventoryTestSupport.awaitState(snap, "AVAILABLE");
        send(new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 256 * MIB, 512 * MIB, 61.0, "THRESHOLD", null));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.count("aggregateId = ?1 and messageType = ?2", snap.toString(), "ExtendVolume")));
        given().get("/api/v1/events?aggregateId=" + snap).then()
                .body("items.find { it.eventType == 'VolumeExtensionRequested' }.data.requestedBy", equalTo("snapshot-guard"));
    }

    @Test
    void aSnapshotGrowsToTheGuardsCeilingAboveItsOriginsSizeButNoFurther() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID origin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "full", "256M", null), "/dev/vg/full", 256 * MIB, false);
        UUID snap = InventoryTestSupport.availableVolume(VolumeKindsTest.snapshot("whole", origin, "128M"), "/dev/vg/whole", 128 * MIB, false);

        // 260 MiB: what lvextend itself allowed a snapshot of a 256 MiB origin in the lab ("Reached maximum COW size 260.00 MiB").
        send(new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 128 * MIB, 260 * MIB, 75.0, "THRESHOLD", null));
        ExtendVolume toTheCeiling = InventoryTestSupport.awaitCommand(snap, ExtendVolume.class);
        assertEquals(260 * MIB, toTheCeiling.newSizeBytes(), "not cut to the origin's 256 MiB, which the guard would ask beyond forever");
        InventoryTestSupport.publishResult(new VolumeExtended(UUID.randomUUID(), toTheCeiling.commandId(), snap, host, Instant.now(), 260 * MIB));
        InventoryTestSupport.awaitState(snap, "AVAILABLE");

        // A request past any snapshot's need stops at the largest ceiling (4 KiB chunks, leak allowance: 261.03 MiB, in extents 264).
        send(new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 260 * MIB, 1L << 30, 75.0, "THRESHOLD", null));
        List<ConsumerRecord<String, String>> extensions = KafkaTestClient.awaitRecords(InventoryTestSupport.kafka(), Topics.ofHost(Topics.COMMANDS, host),
                r -> r.value().contains(snap.toString()) && r.value().contains("\"type\":\"ExtendVolume\""), 2, Duration.ofSeconds(30));
        assertEquals(264 * MIB, ((ExtendVolume) MessageCodec.fromJson(extensions.get(1).value(), Command.class)).newSizeBytes());
    }

    @Test
    void theNextStepAskedForWhileAnExtensionIsInFlightIsTakenWhenItLands() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID origin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "busy", "2G", null), "/dev/vg/busy", 2L << 30, false);
        UUID snap = InventoryTestSupport.availableVolume(VolumeKindsTest.snapshot("racing", origin, "256M"), "/dev/vg/racing", 256 * MIB, false);
        Predicate<ConsumerRecord<String, String>> extension = r -> r.value().contains(snap.toString()) && r.value().contains("\"type\":\"ExtendVolume\"");

        send(new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 256 * MIB, 512 * MIB, 40.0, "PREDICTION", 12.0));
        ExtendVolume first = InventoryTestSupport.awaitCommand(snap, ExtendVolume.class);
        // The host reported the grown snapshot at once; the guard asks for the next step before the first one's result is in.
        send(new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 512 * MIB, 768 * MIB, 71.0, "THRESHOLD", null));
        await().pollDelay(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
        assertEquals(1L, (long) QuarkusTransaction.requiringNew().call(() ->
                OutboxMessage.count("aggregateId = ?1 and messageType = ?2", snap.toString(), "ExtendVolume")), "one extension at a time");

        InventoryTestSupport.publishResult(new VolumeExtended(UUID.randomUUID(), first.commandId(), snap, host, Instant.now(), 512 * MIB));
        List<ConsumerRecord<String, String>> extensions = KafkaTestClient.awaitRecords(InventoryTestSupport.kafka(), Topics.ofHost(Topics.COMMANDS, host),
                extension, 2, Duration.ofSeconds(30));
        assertEquals(768 * MIB, ((ExtendVolume) MessageCodec.fromJson(extensions.get(1).value(), Command.class)).newSizeBytes());
        InventoryTestSupport.awaitState(snap, "EXTENDING");
    }

    @Test
    void growthTheVolumeGroupCannotHoldMakesTheSnapshotAtRiskUntilSpaceFreesUp() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 3L << 30);
        UUID origin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "tight", "2G", null), "/dev/vg/tight", 2L << 30, false);
        UUID snap = InventoryTestSupport.availableVolume(VolumeKindsTest.snapshot("cramped", origin, "1G"), "/dev/vg/cramped", 1L << 30, false);

        send(new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 1L << 30, 1536 * MIB, 80.0, "THRESHOLD", null));
        InventoryTestSupport.awaitState(snap, "AT_RISK");
        given().get("/api/v1/events?aggregateId=" + snap).then().body("items.eventType", hasItem("SnapshotAtRisk"));
        given().get("/q/metrics").then().body(containsString("domstore_snapshots_at_risk"));

        // An operator adds a physical volume: the group is larger in the next report, and the guard's next request goes through.
        InventoryTestSupport.report(host, List.of(new HostReport.VolumeGroup("vg", 4L << 30, 1L << 30, 4 * MIB)),
                List.of(tagged("tight", 2L << 30, origin, null), tagged("cramped", 1L << 30, snap, "tight")), List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/hosts/" + host).then()
                .body("volumeGroups[0].sizeBytes", equalTo(4L << 30)));
        send(new SnapshotExtendRequested(UUID.randomUUID(), snap, host, Instant.now(), 1L << 30, 1536 * MIB, 85.0, "THRESHOLD", null));
        InventoryTestSupport.awaitState(snap, "EXTENDING");
        assertEquals(1536 * MIB, InventoryTestSupport.awaitCommand(snap, ExtendVolume.class).newSizeBytes());
    }

    @Test
    void anOverflowedSnapshotIsInvalidWithAnEventThatSaysItsDataIsLost() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID origin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "data", "64M", null), "/dev/vg/data", 64 * MIB, false);
        UUID snap = InventoryTestSupport.availableVolume(VolumeKindsTest.snapshot("snap2", origin, "8M"), "/dev/vg/snap2", 8 * MIB, false);

        // As lvs-json-06 of the host captures: swi-I-s---, 100.00.
        usage(snap, host, 8 * MIB, 100.0, true, Instant.now());
        InventoryTestSupport.awaitState(snap, "INVALID");
        given().get("/api/v1/events?aggregateId=" + snap).then()
                .body("items.find { it.eventType == 'SnapshotInvalidated' }.data.message", containsString("data is lost"));
        InventoryTestSupport.attach("too-late", "xvda", snap, "r").statusCode(409)
                .body("type", equalTo("https://domstore.dev/problems/volume-not-available"));
        given().delete("/api/v1/volumes/" + snap).then().statusCode(202);
    }

    private static void usage(UUID snap, String host, long cow, double percent, boolean invalid, Instant at) {
        SnapshotUsage usage = new SnapshotUsage(UUID.randomUUID(), snap, host, at, "vg", "s", "o", cow, 2L << 30, percent,
                invalid ? "swi-I-s---" : "swi-a-s---", invalid);
        KafkaTestClient.send(InventoryTestSupport.host(host), Topics.SNAPSHOT_USAGE, snap.toString(), MessageCodec.toJson(usage));
    }

    private static HostReport.LogicalVolume tagged(String name, long size, UUID volumeId, String origin) {
        return new HostReport.LogicalVolume("vg", name, size, origin == null ? "owi-a-s---" : "swi-a-s---", origin, origin == null ? null : 80.0,
                false, List.of("domstore", "domstore_volume_" + volumeId), volumeId);
    }

    /** As the snapshot-guard does, with its own credential. */
    private static void send(SnapshotExtendRequested request) {
        KafkaTestClient.send(RealInfrastructure.kafka().as(KafkaBroker.GUARD), Topics.EXTEND_REQUESTS, request.volumeId().toString(), MessageCodec.toJson(request));
    }
}
