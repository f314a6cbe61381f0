package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.VolumeExtended;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;

/** LVM volumes, snapshots and physical devices through REST, as the manual's examples make them. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
public class VolumeKindsTest {

    @Test
    void anLvmVolumeItsSnapshotsAndTheirExtensions() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 20L << 30);
        UUID origin = InventoryTestSupport.availableVolume(lvm(host, "myvmdisk1", "4096M", "ext3"), "/dev/vg/myvmdisk1", 4L << 30, false);
        CreateVolume created = InventoryTestSupport.awaitCommand(origin, CreateVolume.class);
        assertEquals(VolumeKind.LVM, created.kind());
        assertEquals("vg", created.volumeGroup());
        assertEquals(4L << 30, created.sizeBytes());
        assertEquals(Filesystem.EXT3, created.filesystem());
        given().get("/api/v1/volumes/" + origin).then().body("xenDisk", equalTo("phy:vg/myvmdisk1")).body("volumeGroup", equalTo("vg"));

        // lvcreate -s -L1024M -n myclonedisk1 /dev/vg/myvmdisk1
        UUID clone = InventoryTestSupport.availableVolume(snapshot("myclonedisk1", origin, "1024M"), "/dev/vg/myclonedisk1", 1L << 30, false);
        CreateVolume snapshot = InventoryTestSupport.awaitCommand(clone, CreateVolume.class);
        assertEquals(VolumeKind.SNAPSHOT, snapshot.kind());
        assertEquals("myvmdisk1", snapshot.originName());
        assertEquals(1L << 30, snapshot.sizeBytes());
        given().get("/api/v1/volumes/" + clone).then().body("xenDisk", equalTo("phy:vg/myclonedisk1")).body("originId", equalTo(origin.toString()));

        // lvextend +100M /dev/vg/myclonedisk1
        given().contentType(ContentType.JSON).body("{\"increment\":\"+100M\"}").post("/api/v1/volumes/" + clone + "/extend")
                .then().statusCode(202).body("state", equalTo("EXTENDING")).body("sizeBytes", equalTo((int) ((1L << 30) + (100L << 20))));
        ExtendVolume extend = InventoryTestSupport.awaitCommand(clone, ExtendVolume.class);
        assertEquals((1L << 30) + (100L << 20), extend.newSizeBytes());
        given().contentType(ContentType.JSON).body("{\"size\":\"2G\"}").post("/api/v1/volumes/" + clone + "/extend")
                .then().statusCode(409).body("type", equalTo("https://domstore.dev/problems/volume-busy"));
        InventoryTestSupport.publishResult(new VolumeExtended(UUID.randomUUID(), extend.commandId(), clone, host, Instant.now(), extend.newSizeBytes()));
        InventoryTestSupport.awaitState(clone, "AVAILABLE");
        given().get("/api/v1/volumes/" + clone).then().body("hostSizeBytes", equalTo((int) extend.newSizeBytes()));

        given().contentType(ContentType.JSON).body("{\"size\":\"5G\"}").post("/api/v1/volumes/" + clone + "/extend")
                .then().statusCode(422).body("type", equalTo("https://domstore.dev/problems/snapshot-larger-than-origin"));
        given().contentType(ContentType.JSON).body("{\"size\":\"1G\"}").post("/api/v1/volumes/" + origin + "/extend")
                .then().statusCode(422).body("type", equalTo("https://domstore.dev/problems/shrink-refused")).body("detail", containsString("never shrinks"));
        given().contentType(ContentType.JSON).body("{\"size\":\"4G\"}").post("/api/v1/volumes/" + origin + "/extend")
                .then().statusCode(200).body("state", equalTo("AVAILABLE"));
        given().contentType(ContentType.JSON).body("{\"size\":\"4G\",\"increment\":\"1G\"}").post("/api/v1/volumes/" + origin + "/extend")
                .then().statusCode(400).body("field", equalTo("size"));

        given().delete("/api/v1/volumes/" + origin).then().statusCode(409)
                .body("type", equalTo("https://domstore.dev/problems/origin-has-snapshots")).body("detail", containsString("myclonedisk1"));
    }

    @Test
    void snapshotsAreRefusedLargerThanTheirOriginOrOfWhatIsNotLvm() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 20L << 30);
        UUID origin = InventoryTestSupport.availableVolume(lvm(host, "small", "1G", null), "/dev/vg/small", 1L << 30, false);
        given().contentType(ContentType.JSON).body(snapshot("big", origin, "2G")).post("/api/v1/volumes")
                .then().statusCode(422).body("type", equalTo("https://domstore.dev/problems/snapshot-larger-than-origin"));
        UUID file = InventoryTestSupport.availableFileVolume(host, "plainfile");
        given().contentType(ContentType.JSON).body(snapshot("ofafile", file, "1M")).post("/api/v1/volumes")
                .then().statusCode(422).body("type", equalTo("https://domstore.dev/problems/invalid-origin"));
        given().contentType(ContentType.JSON).body(snapshot("snapshot1", origin, "1M")).post("/api/v1/volumes")
                .then().statusCode(400).body("type", equalTo("https://domstore.dev/problems/invalid-name")).body("detail", containsString("reserves"));
        given().contentType(ContentType.JSON)
                .body("{\"kind\":\"SNAPSHOT\",\"name\":\"s\",\"originId\":\"" + origin + "\",\"cowSize\":\"1M\",\"filesystem\":\"ext4\"}")
                .post("/api/v1/volumes").then().statusCode(400).body("field", equalTo("filesystem"));
        given().contentType(ContentType.JSON).body(lvm(host, "-lv", "1G", null)).post("/api/v1/volumes")
                .then().statusCode(400).body("type", equalTo("https://domstore.dev/problems/invalid-name"));
        given().contentType(ContentType.JSON).body(lvm(host, "data_tmeta", "1G", null)).post("/api/v1/volumes")
                .then().statusCode(400).body("detail", containsString("_tmeta"));
        given().contentType(ContentType.JSON)
                .body("{\"kind\":\"LVM\",\"name\":\"x\",\"hostId\":\"" + host + "\",\"volumeGroup\":\"novg\",\"size\":\"1G\"}")
                .post("/api/v1/volumes").then().statusCode(422).body("type", equalTo("https://domstore.dev/problems/unknown-volume-group"));
    }

    @Test
    void physicalDevicesAreRegisteredOnceAndRenderAsTheManualWritesThem() {
        String host = InventoryTestSupport.reportedLvmHost("vg", 20L << 30);
        UUID hda3 = InventoryTestSupport.availableVolume(physical(host, "/dev/hda3"), "/dev/hda3", 8L << 30, false);
        CreateVolume command = InventoryTestSupport.awaitCommand(hda3, CreateVolume.class);
        assertEquals("/dev/hda3", command.devicePath());
        given().get("/api/v1/volumes/" + hda3).then().body("xenDisk", equalTo("phy:hda3")).body("sizeBytes", equalTo(8L << 30))
                .body("name", equalTo("hda3"));
        UUID lvm1 = InventoryTestSupport.availableVolume(physical(host, "/dev/vg/lvm1"), "/dev/dm-3", 1L << 30, false);
        given().get("/api/v1/volumes/" + lvm1).then().body("xenDisk", equalTo("phy:vg/lvm1"));

        given().contentType(ContentType.JSON).body(physical(host, "/dev/hda3")).post("/api/v1/volumes")
                .then().statusCode(409).body("type", equalTo("https://domstore.dev/problems/device-already-registered"));
        given().contentType(ContentType.JSON).body(physical(host, "/etc/passwd")).post("/api/v1/volumes")
                .then().statusCode(400).body("type", equalTo("https://domstore.dev/problems/invalid-path"));
        given().contentType(ContentType.JSON).body(physical(host, "/dev/../etc/passwd")).post("/api/v1/volumes")
                .then().statusCode(400).body("type", equalTo("https://domstore.dev/problems/invalid-path"));

        // disk = ['phy:hda3,sda1,w'] and disk = ['phy:vg/lvm1,sda2,w'], as in the manual
        InventoryTestSupport.attach("manual-vm", "sda1", hda3, "w").statusCode(201);
        InventoryTestSupport.attach("manual-vm", "sda2", lvm1, "w").statusCode(201);
        given().get("/api/v1/domains/manual-vm/config").then().body(equalTo("disk = ['phy:hda3,sda1,w', 'phy:vg/lvm1,sda2,w']\n"));
    }

    public static String lvm(String host, String name, String size, String filesystem) {
        return "{\"kind\":\"LVM\",\"name\":\"" + name + "\",\"hostId\":\"" + host + "\",\"volumeGroup\":\"vg\",\"size\":\"" + size + "\""
                + (filesystem == null ? "" : ",\"filesystem\":\"" + filesystem + "\"") + "}";
    }

    public static String snapshot(String name, UUID origin, String cowSize) {
        return "{\"kind\":\"SNAPSHOT\",\"name\":\"" + name + "\",\"originId\":\"" + origin + "\",\"cowSize\":\"" + cowSize + "\"}";
    }

    public static String physical(String host, String device) {
        return "{\"kind\":\"PHYSICAL\",\"hostId\":\"" + host + "\",\"devicePath\":\"" + device + "\"}";
    }
}
