package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.Attachment;
import dev.domstore.inventory.domain.StoredEvent;

/** The manual's block-device sharing rules, through REST against real PostgreSQL: the refusal, its problem, and nothing changed. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class AttachmentRulesTest {

    @Test
    void aVolumeAttachedReadWriteIsExclusive() {
        String host = InventoryTestSupport.reportedHost();
        UUID volume = InventoryTestSupport.availableFileVolume(host, "exclusive");
        InventoryTestSupport.attach("vm-a", "sda1", volume, "w").statusCode(201).body("xenDisk", equalTo("file:/var/lib/domstore/images/exclusive,sda1,w"));

        refusedWithNothingChanged(() -> InventoryTestSupport.attach("vm-b", "sda1", volume, "r"), 409, "volume-attached-read-write", "Detach it there first");
        refusedWithNothingChanged(() -> InventoryTestSupport.attach("vm-b", "sda1", volume, "w"), 409, "volume-attached-read-write", "NFS");
        refusedWithNothingChanged(() -> InventoryTestSupport.attach("vm-a", "sda2", volume, "r"), 409, "volume-attached-read-write", "vm-a");
    }

    @Test
    void readOnlySharingIsFineButNoOneMayThenWrite() {
        String host = InventoryTestSupport.reportedHost();
        UUID volume = InventoryTestSupport.availableFileVolume(host, "shared");
        InventoryTestSupport.attach("ro-1", "hda", volume, "r").statusCode(201);
        InventoryTestSupport.attach("ro-2", "hda", volume, "r").statusCode(201);

        refusedWithNothingChanged(() -> InventoryTestSupport.attach("ro-3", "hda", volume, "w"), 409, "volume-shared-read-only", "mode r");
        refusedWithNothingChanged(() -> InventoryTestSupport.attach("ro-1", "hdb", volume, "w"), 409, "volume-shared-read-only", "and 1 more");
    }

    @Test
    void attachingTwiceTheSameWayChangesNothingAndAnotherWayOnTheSameDeviceIsRefused() {
        String host = InventoryTestSupport.reportedHost();
        UUID first = InventoryTestSupport.availableFileVolume(host, "first");
        UUID second = InventoryTestSupport.availableFileVolume(host, "second");
        InventoryTestSupport.attach("twice", "xvda", first, "w").statusCode(201);
        long events = events();
        InventoryTestSupport.attach("twice", "xvda", first, "w").statusCode(200);
        assertEquals(events, events(), "a repeated attach records nothing");

        refusedWithNothingChanged(() -> InventoryTestSupport.attach("twice", "xvda", second, "w"), 409, "vdev-in-use", "Detach it first");
    }

    @Test
    void aHostsLoopDeviceLimitBoundsFileBackedAttachments() {
        String host = InventoryTestSupport.reportedHost(2);
        UUID a = InventoryTestSupport.availableFileVolume(host, "loop-a");
        UUID b = InventoryTestSupport.availableFileVolume(host, "loop-b");
        UUID c = InventoryTestSupport.availableFileVolume(host, "loop-c");
        InventoryTestSupport.attach("loops-1", "sda1", a, "w").statusCode(201);
        InventoryTestSupport.attach("loops-2", "sda1", b, "w").statusCode(201);

        refusedWithNothingChanged(() -> InventoryTestSupport.attach("loops-3", "sda1", c, "w"), 409, "loop-devices-exhausted", "max_loop");

        given().delete("/api/v1/domains/loops-2/disks/sda1").then().statusCode(204);
        InventoryTestSupport.attach("loops-3", "sda1", c, "w").statusCode(201);
    }

    @Test
    void anAttachedVolumeCannotBeDeletedAndBadInputIsRefused() {
        String host = InventoryTestSupport.reportedHost();
        UUID volume = InventoryTestSupport.availableFileVolume(host, "busy");
        InventoryTestSupport.attach("keeper", "sda1", volume, "w").statusCode(201);

        refusedWithNothingChanged(() -> given().delete("/api/v1/volumes/" + volume).then(), 409, "volume-attached", "Detach it first");
        given().get("/api/v1/volumes/" + volume).then().body("state", equalTo("AVAILABLE"));

        refusedWithNothingChanged(() -> InventoryTestSupport.attach("keeper", "sda0", volume, "r"), 400, "invalid-name", "sda1");
        refusedWithNothingChanged(() -> InventoryTestSupport.attach("bad name!", "sda2", volume, "r"), 400, "invalid-name", "domain name");
        refusedWithNothingChanged(() -> InventoryTestSupport.attach("keeper", "sda2", volume, "x"), 400, "invalid-field", "r (read-only)");
        refusedWithNothingChanged(() -> InventoryTestSupport.attach("keeper", "sda2", UUID.randomUUID(), "r"), 404, "volume-not-found", "GET /api/v1/volumes");
        refusedWithNothingChanged(() -> given().delete("/api/v1/domains/keeper/disks/sdz").then(), 404, "attachment-not-found", "keeper");

        given().delete("/api/v1/domains/keeper/disks/sda1").then().statusCode(204);
        given().delete("/api/v1/volumes/" + volume).then().statusCode(202);
    }

    @Test
    void theDomainConfigListsItsDisksAsTheManualWritesThem() {
        String host = InventoryTestSupport.reportedHost();
        UUID root = InventoryTestSupport.availableFileVolume(host, "vm1disk");
        UUID data = InventoryTestSupport.availableFileVolume(host, "vm1data");
        InventoryTestSupport.attach("vm1", "sda1", root, "w").statusCode(201);
        InventoryTestSupport.attach("vm1", "sda2", data, "r").statusCode(201);

        given().get("/api/v1/domains/vm1/config").then().statusCode(200)
                .contentType(containsString("text/plain"))
                .body(equalTo("disk = ['file:/var/lib/domstore/images/vm1disk,sda1,w', 'file:/var/lib/domstore/images/vm1data,sda2,r']\n"));
        given().get("/api/v1/domains/vm1").then().statusCode(200).body("disks.vdev", org.hamcrest.Matchers.contains("sda1", "sda2"));
        given().get("/api/v1/domains/no-such-vm/config").then().statusCode(404).body("type", equalTo("https://domstore.dev/problems/domain-not-found"));
    }

    static void refusedWithNothingChanged(java.util.function.Supplier<ValidatableResponse> request, int status, String type, String hint) {
        long attachments = QuarkusTransaction.requiringNew().call(() -> Attachment.count());
        long events = events();
        request.get().statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://domstore.dev/problems/" + type))
                .body("detail", containsString(hint));
        assertEquals(attachments, (long) QuarkusTransaction.requiringNew().call(() -> Attachment.count()), "no attachment changed");
        assertEquals(events, events(), "no event recorded");
    }

    static long events() {
        return QuarkusTransaction.requiringNew().call(() -> StoredEvent.count());
    }
}
