package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.Topics;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeCreationFailed;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.testsupport.KafkaTestClient;

import dev.domstore.inventory.InventoryTestSupport;

/** REST create → command on Kafka keyed by host → result → state, against real PostgreSQL and Kafka. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class VolumeLifecycleTest {

    @Test
    void createPublishesTheCommandAndAResultMakesTheVolumeAvailable() {
        String hostId = InventoryTestSupport.reportedHost();

        Response created = given().contentType(ContentType.JSON)
                .body("{\"name\":\"vm1disk\",\"hostId\":\"" + hostId + "\",\"kind\":\"FILE\",\"size\":\"2G\",\"filesystem\":\"ext4\"}")
                .post("/api/v1/volumes");
        created.then().statusCode(202)
                .body("state", equalTo("REQUESTED"))
                .body("sizeBytes", equalTo(2147483648L))
                .body("size", equalTo("2G"))
                .body("filesystem", equalTo("EXT4"))
                .body("xenDisk", equalTo("file:/var/lib/domstore/images/vm1disk"));
        UUID volumeId = UUID.fromString(created.path("id"));
        assertTrue(created.header("Location").endsWith("/api/v1/volumes/" + volumeId), created.header("Location"));

        ConsumerRecord<String, String> record = awaitCommandFor(volumeId, CreateVolume.class);
        assertEquals(hostId, record.key(), "commands are keyed by host");
        CreateVolume command = (CreateVolume) MessageCodec.fromJson(record.value(), Command.class);
        assertEquals(2147483648L, command.sizeBytes());
        assertEquals(Filesystem.EXT4, command.filesystem());
        assertEquals("/var/lib/domstore/images/vm1disk", command.imagePath());
        awaitState(volumeId, "PROVISIONING");

        VolumeCreated result = new VolumeCreated(UUID.randomUUID(), command.commandId(), volumeId, hostId, Instant.now(),
                command.imagePath(), command.sizeBytes(), 33_554_432L, Filesystem.EXT4, false);
        InventoryTestSupport.publishResult(result);
        awaitState(volumeId, "AVAILABLE");
        given().get("/api/v1/volumes/" + volumeId).then().body("allocatedBytes", equalTo(33_554_432));

        // The same result delivered again changes nothing.
        InventoryTestSupport.publishResult(result);
        given().get("/api/v1/volumes?hostId=" + hostId + "&state=AVAILABLE").then().statusCode(200)
                .body("totalItems", equalTo(1)).body("items.id", hasItem(volumeId.toString()));

        given().delete("/api/v1/volumes/" + volumeId).then().statusCode(202).body("state", equalTo("DELETING"));
        ConsumerRecord<String, String> deleteRecord = awaitCommandFor(volumeId, DeleteVolume.class);
        DeleteVolume delete = (DeleteVolume) MessageCodec.fromJson(deleteRecord.value(), Command.class);
        InventoryTestSupport.publishResult(new VolumeDeleted(UUID.randomUUID(), delete.commandId(), volumeId, hostId, Instant.now()));
        awaitState(volumeId, "DELETED");

        given().delete("/api/v1/volumes/" + volumeId).then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://domstore.dev/problems/volume-deleted"));
    }

    @Test
    void aFailedCreationShowsTheHostsReasonAndFreesTheName() {
        String hostId = InventoryTestSupport.reportedHost();
        String body = "{\"name\":\"full\",\"hostId\":\"" + hostId + "\",\"kind\":\"FILE\",\"size\":\"50G\"}";
        UUID volumeId = UUID.fromString(given().contentType(ContentType.JSON).body(body).post("/api/v1/volumes").path("id"));
        CreateVolume command = (CreateVolume) MessageCodec.fromJson(awaitCommandFor(volumeId, CreateVolume.class).value(), Command.class);

        InventoryTestSupport.publishResult(new VolumeCreationFailed(UUID.randomUUID(), command.commandId(), volumeId, hostId,
                Instant.now(), FailureReason.INSUFFICIENT_CAPACITY, "truncate: No space left on device"));
        awaitState(volumeId, "FAILED");
        given().get("/api/v1/volumes/" + volumeId).then()
                .body("failure.reason", equalTo("INSUFFICIENT_CAPACITY"))
                .body("failure.message", equalTo("truncate: No space left on device"));

        given().contentType(ContentType.JSON).body(body).post("/api/v1/volumes").then().statusCode(202);
    }

    @Test
    void hostsAppearWithTheirLastReport() {
        String hostId = InventoryTestSupport.reportedHost();
        given().get("/api/v1/hosts/" + hostId).then().statusCode(200)
                .body("imageRoot", equalTo(InventoryTestSupport.IMAGE_ROOT))
                .body("loopDeviceLimit", equalTo(8))
                .body("simulated", equalTo(false));
        given().get("/api/v1/hosts?pageSize=500").then().statusCode(200).body("items.hostId", hasItem(hostId));
        given().get("/api/v1/hosts/no-such-host").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://domstore.dev/problems/host-not-found"));
    }

    static ConsumerRecord<String, String> awaitCommandFor(UUID volumeId, Class<? extends Command> type) {
        String hostId = given().get("/api/v1/volumes/" + volumeId).then().extract().path("hostId");
        ConsumerRecord<String, String> record = KafkaTestClient.awaitRecord(InventoryTestSupport.kafka(), Topics.ofHost(Topics.COMMANDS, hostId),
                r -> r.value().contains(volumeId.toString()) && r.value().contains("\"type\":\"" + type.getSimpleName() + "\""),
                Duration.ofSeconds(30));
        assertInstanceOf(type, MessageCodec.fromJson(record.value(), Command.class));
        return record;
    }

    static void awaitState(UUID volumeId, String state) {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/volumes/" + volumeId).then().body("state", equalTo(state)));
    }
}
