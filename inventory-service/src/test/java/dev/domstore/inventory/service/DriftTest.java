package dev.domstore.inventory.service;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.rest.VolumeKindsTest;
import dev.domstore.testsupport.KafkaTestClient;

/** Reports compared with intent: MISSING, SIZE_MISMATCH and ORPHAN, recorded and shown, nothing deleted. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class DriftTest {
    private static final HostReport.VolumeGroup VG = new HostReport.VolumeGroup("vg", 10L << 30, 9L << 30, 4L << 20);

    @Test
    void anLvRemovedBehindDomstoresBackIsMissingAndComingBackClearsIt() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID volume = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "watched", "1G", null), "/dev/vg/watched", 1L << 30, false);

        InventoryTestSupport.report(host, List.of(VG), List.of(), List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/volumes/" + volume).then()
                .body("drift.kind", equalTo("MISSING")));
        given().get("/api/v1/events?aggregateId=" + volume).then().body("items.eventType", hasItem("VolumeDriftDetected"));

        InventoryTestSupport.report(host, List.of(VG), List.of(lv("watched", 2L << 30, volume)), List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/volumes/" + volume).then()
                .body("drift.kind", equalTo("SIZE_MISMATCH")));

        InventoryTestSupport.report(host, List.of(VG), List.of(lv("watched", 1L << 30, volume)), List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/volumes/" + volume).then().body("drift", nullValue()));
        given().get("/api/v1/events?aggregateId=" + volume).then().body("items.eventType", hasItem("VolumeDriftCleared"));
        given().get("/api/v1/volumes/" + volume).then().body("state", equalTo("AVAILABLE"));
    }

    @Test
    void aTaggedLvWithNoIntentIsAnOrphanForAnOperator() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID stranger = UUID.randomUUID();
        InventoryTestSupport.report(host, List.of(VG), List.of(lv("handmade", 1L << 30, stranger),
                new HostReport.LogicalVolume("vg", "untagged", 1L << 30, "-wi-a-----", null, null, false, List.of(), null)), List.of());

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/hosts/" + host).then()
                .body("orphans.location", equalTo(List.of("vg/handmade")))
                .body("orphans[0].volumeId", equalTo(stranger.toString())));
        given().get("/api/v1/events?aggregateId=" + host).then().body("items.eventType", hasItem("OrphanDetected"));

        InventoryTestSupport.report(host, List.of(VG), List.of(), List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/hosts/" + host).then()
                .body("orphans.size()", equalTo(0)));
    }

    /** A report taken before a delete was carried out, arriving after it, still lists the LV: that is not an orphan. */
    @Test
    void aReportTakenBeforeADeleteDoesNotMakeTheDeletedVolumeAnOrphan() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID volume = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "goingaway", "1G", null), "/dev/vg/goingaway", 1L << 30, false);
        Instant taken = Instant.now();
        given().delete("/api/v1/volumes/" + volume).then().statusCode(202);
        DeleteVolume delete = InventoryTestSupport.awaitCommand(volume, DeleteVolume.class);
        InventoryTestSupport.publishResult(new VolumeDeleted(UUID.randomUUID(), delete.commandId(), volume, host, Instant.now()));
        InventoryTestSupport.awaitState(volume, "DELETED");

        HostReport late = new HostReport(UUID.randomUUID(), host, host + ".test", taken, "/var/lib/domstore/images", 100L << 30, 0, 8, false,
                List.of(VG), List.of(lv("goingaway", 1L << 30, volume)), List.of(), List.of(), List.of());
        KafkaTestClient.send(InventoryTestSupport.host(host), Topics.ofHost(Topics.HOST_REPORTS, host), host, MessageCodec.toJson(late));
        // A report taken now that still lists it is an orphan: that one is processed after the late one, on the same partition.
        InventoryTestSupport.report(host, List.of(VG), List.of(lv("goingaway", 1L << 30, volume)), List.of());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/hosts/" + host).then()
                .body("orphans.location", equalTo(List.of("vg/goingaway"))));
        List<Object> detected = given().get("/api/v1/events?aggregateId=" + host).jsonPath()
                .getList("items.findAll { it.eventType == 'OrphanDetected' }");
        assertEquals(1, detected.size(), "one OrphanDetected, from the report taken after the delete: " + detected);
    }

    private static HostReport.LogicalVolume lv(String name, long size, UUID volumeId) {
        return new HostReport.LogicalVolume("vg", name, size, "-wi-a-----", null, null, false, List.of("domstore", "domstore_volume_" + volumeId), volumeId);
    }
}
