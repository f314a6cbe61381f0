package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.FailureReason;
import dev.domstore.common.Topics;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.ExportsApplied;
import dev.domstore.common.messages.ExportsApplyFailed;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.testsupport.KafkaTestClient;

/** NFS roots: the manual's exports line made safe, the server's export set, and the domain's NFS-root lines. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class NfsRootTest {
    private static final String EXPORT_ROOT = "/srv/domstore/nfs";

    @Test
    void theManualsExportsLineIsRefusedWithTheCorrectedFormSuggested() {
        String server = nfsServer();
        given().contentType(ContentType.JSON).body(nfsRoot(server, EXPORT_ROOT + "/vm1root", "1.2.3.4/24 (rw,sync,no_root_squash)", false))
                .post("/api/v1/volumes").then().statusCode(400)
                .body("field", equalTo("clients[0]"))
                .body("detail", containsString("1.2.3.4/24(rw,sync,no_root_squash)"));
        given().contentType(ContentType.JSON).body(nfsRoot(server, EXPORT_ROOT + "/vm1root", "1.2.3.4/24(rw,sync,no_root_squash)", false))
                .post("/api/v1/volumes").then().statusCode(400).body("detail", containsString("no_root_squash"));
        given().contentType(ContentType.JSON).body(nfsRoot(server, "/export/../etc", "1.2.3.4(rw)", false))
                .post("/api/v1/volumes").then().statusCode(400).body("field", equalTo("path"));
    }

    @Test
    void anNfsRootIsExportedAndADomainBootsFromIt() {
        String server = nfsServer();
        String root = EXPORT_ROOT + "/vm1root";
        UUID volume = UUID.fromString(given().contentType(ContentType.JSON)
                .body(nfsRoot(server, root, "1.2.3.4/24(rw,sync,no_root_squash)", true)).post("/api/v1/volumes")
                .then().statusCode(202).body("exportPath", equalTo(root)).body("serverAddress", equalTo("2.3.4.5")).extract().path("id"));

        ApplyExports apply = awaitExports(server, 1);
        assertEquals(1, apply.exports().size());
        assertEquals(root, apply.exports().get(0).path());
        assertTrue(apply.exports().get(0).createDirectory(), "below the server's export root, domstore makes the directory");
        assertEquals("1.2.3.4/24(rw,sync,no_root_squash,no_subtree_check)", apply.exports().get(0).line().render().substring(root.length() + 1));
        InventoryTestSupport.awaitState(volume, "PROVISIONING");
        InventoryTestSupport.publishResult(new ExportsApplied(UUID.randomUUID(), apply.commandId(), server, Instant.now(), 1, 1, List.of()));
        InventoryTestSupport.awaitState(volume, "AVAILABLE");

        given().contentType(ContentType.JSON).body("{\"volumeId\":\"" + volume + "\",\"ip\":\"1.2.3.10\",\"netmask\":\"255.255.255.0\","
                + "\"gateway\":\"1.2.3.1\",\"hostname\":\"vm1\"}").put("/api/v1/domains/nfs-vm1/nfs-root").then().statusCode(200);
        given().get("/api/v1/domains/nfs-vm1/config").then().body(equalTo("""
                root = '/dev/nfs'
                nfs_server = '2.3.4.5'
                nfs_root = '/srv/domstore/nfs/vm1root'
                ip = '1.2.3.10'
                netmask = '255.255.255.0'
                gateway = '1.2.3.1'
                hostname = 'vm1'
                """));
        given().contentType(ContentType.JSON).body("{\"volumeId\":\"" + volume + "\",\"dhcp\":true}").put("/api/v1/domains/nfs-vm2/nfs-root")
                .then().statusCode(409).body("type", equalTo("https://domstore.dev/problems/nfs-root-in-use"));
        given().contentType(ContentType.JSON).body("{\"volumeId\":\"" + volume + "\",\"dhcp\":true,\"ip\":\"1.2.3.4\"}").put("/api/v1/domains/nfs-vm1/nfs-root")
                .then().statusCode(400).body("field", equalTo("ip"));

        given().delete("/api/v1/volumes/" + volume).then().statusCode(409).body("detail", containsString("NFS root of domain 'nfs-vm1'"));
        given().delete("/api/v1/domains/nfs-vm1/nfs-root").then().statusCode(204);
        given().delete("/api/v1/volumes/" + volume).then().statusCode(202).body("state", equalTo("DELETING"));
        ApplyExports unexport = awaitExports(server, 2);
        assertEquals(List.of(), unexport.exports(), "deleting it unexports it");
        InventoryTestSupport.publishResult(new ExportsApplied(UUID.randomUUID(), unexport.commandId(), server, Instant.now(), 2, 2, List.of()));
        InventoryTestSupport.awaitState(volume, "DELETED");
    }

    @Test
    void anExportTheServerCannotApplyFailsAndTheOthersAreSentAgain() {
        String server = nfsServer();
        UUID bad = UUID.fromString(given().contentType(ContentType.JSON).body(nfsRoot(server, EXPORT_ROOT + "/broken", "vm2.example(rw,sync)", false))
                .post("/api/v1/volumes").then().statusCode(202).extract().path("id"));
        ApplyExports first = awaitExports(server, 1);
        InventoryTestSupport.publishResult(new ExportsApplyFailed(UUID.randomUUID(), first.commandId(), server, Instant.now(), 1,
                FailureReason.NOT_FOUND, "exportfs is missing on this host"));
        InventoryTestSupport.awaitState(bad, "FAILED");
        given().get("/api/v1/volumes/" + bad).then().body("failure.message", containsString("exportfs is missing"));
        assertEquals(List.of(), awaitExports(server, 2).exports());
    }

    private static String nfsServer() {
        String server = InventoryTestSupport.reportedHost();
        KafkaTestClient.send(InventoryTestSupport.host(server), Topics.ofHost(Topics.EXPORT_REPORTS, server), server, MessageCodec.toJson(
                new ExportsReport(UUID.randomUUID(), server, Instant.now(), null, List.of(), null, null, EXPORT_ROOT)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().get("/api/v1/hosts/" + server).then()
                .body("nfsExportRoot", equalTo(EXPORT_ROOT)));
        return server;
    }

    private static ApplyExports awaitExports(String server, long revision) {
        return (ApplyExports) MessageCodec.fromJson(KafkaTestClient.awaitRecord(InventoryTestSupport.kafka(), Topics.ofHost(Topics.COMMANDS, server),
                r -> server.equals(r.key()) && r.value().contains("\"ApplyExports\"") && r.value().contains("\"revision\":" + revision + ","),
                Duration.ofSeconds(30)).value(), Command.class);
    }

    private static String nfsRoot(String server, String path, String client, boolean force) {
        return "{\"kind\":\"NFS_ROOT\",\"hostId\":\"" + server + "\",\"path\":\"" + path + "\",\"clients\":[\"" + client + "\"],"
                + "\"serverAddress\":\"2.3.4.5\"" + (force ? ",\"force\":true" : "") + "}";
    }
}
