package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.messages.HostReport;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;

/** Rules 2 and 4: a device mounted read-write in dom0, and the pristine origin of clones. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class OriginAndDeviceRulesTest {

    @Test
    void aDeviceMountedReadWriteInDom0IsNotAttachedReadWrite() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID device = InventoryTestSupport.availableVolume(VolumeKindsTest.physical(host, "/dev/sdb1"), "/dev/sdb1", 1L << 30, true);
        given().get("/api/v1/volumes/" + device).then().body("mountedReadWrite", equalTo(true));

        AttachmentRulesTest.refusedWithNothingChanged(() -> InventoryTestSupport.attach("phy-vm", "sda1", device, "w"), 409,
                "device-mounted-in-dom0", "Unmount it in dom0");
        InventoryTestSupport.attach("phy-vm", "sda1", device, "r").statusCode(201);
        given().delete("/api/v1/domains/phy-vm/disks/sda1").then().statusCode(204);

        // The agent's next report says it was unmounted: now it may be written.
        InventoryTestSupport.report(host, List.of(new HostReport.VolumeGroup("vg", 10L << 30, 10L << 30, 4L << 20)), List.of(),
                List.of(new HostReport.BlockDevice("/dev/sdb1", 1L << 30, false, List.of())));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/volumes/" + device).then().body("mountedReadWrite", equalTo(false)));
        InventoryTestSupport.attach("phy-vm", "sda1", device, "w").statusCode(201);
    }

    @Test
    void theOriginOfClonesStaysPristineUnlessForcedAndTheForceIsAudited() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID origin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(host, "golden", "2G", "ext4"), "/dev/vg/golden", 2L << 30, false);
        UUID clone = InventoryTestSupport.availableVolume(VolumeKindsTest.snapshot("golden-clone", origin, "512M"), "/dev/vg/golden-clone", 512L << 20, false);

        AttachmentRulesTest.refusedWithNothingChanged(() -> InventoryTestSupport.attach("writer", "xvda", origin, "w"), 409,
                "origin-has-snapshots", "force");
        InventoryTestSupport.attach("clone-vm", "xvda", clone, "w").statusCode(201);
        InventoryTestSupport.attach("reader", "xvda", origin, "r").statusCode(201);
        given().delete("/api/v1/domains/reader/disks/xvda").then().statusCode(204);

        given().contentType(ContentType.JSON).body("{\"volumeId\":\"" + origin + "\",\"mode\":\"w\",\"force\":true}")
                .put("/api/v1/domains/writer/disks/xvda").then().statusCode(201).body("forced", equalTo(true));
        List<Map<String, Object>> attached = given().get("/api/v1/events?aggregateId=" + origin).then().extract().jsonPath()
                .getList("items.findAll { it.eventType == 'VolumeAttached' }");
        Map<String, Object> forced = attached.get(attached.size() - 1);
        assertEquals(true, ((Map<?, ?>) forced.get("data")).get("forced"));
        assertEquals(Map.of("name", "admin", "role", "admin"), forced.get("actor"), "the audit names who forced it");

        // While the origin is written, a new clone would be inconsistent: refused unless forced too.
        given().contentType(ContentType.JSON).body(VolumeKindsTest.snapshot("late-clone", origin, "256M")).post("/api/v1/volumes")
                .then().statusCode(409).body("type", equalTo("https://domstore.dev/problems/origin-in-use"));
    }
}
