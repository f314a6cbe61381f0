package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.Topics;
import dev.domstore.common.events.DomainEvent;
import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;

/** A volume's life produces the documented events, in order, on Kafka and in /api/v1/events. */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class EventStreamTest {
    private static final List<EventType> LIFE = List.of(
            EventType.VolumeRequested, EventType.VolumeProvisioningStarted, EventType.VolumeCreated,
            EventType.VolumeAttached, EventType.VolumeDetached,
            EventType.VolumeDeletionRequested, EventType.VolumeDeleted);

    @Test
    void createAttachDetachDeleteIsTheDocumentedSequenceInBothPlaces() {
        String host = InventoryTestSupport.reportedHost();
        UUID volume = InventoryTestSupport.availableFileVolume(host, "audited");
        given().contentType(ContentType.JSON).body("{\"volumeId\":\"" + volume + "\",\"mode\":\"w\"}")
                .put("/api/v1/domains/audit-vm/disks/xvda").then().statusCode(201);
        given().delete("/api/v1/domains/audit-vm/disks/xvda").then().statusCode(204);
        given().delete("/api/v1/volumes/" + volume).then().statusCode(202);
        DeleteVolume delete = (DeleteVolume) MessageCodec.fromJson(KafkaTestClient.awaitRecord(InventoryTestSupport.bootstrap(), Topics.COMMANDS,
                r -> r.value().contains(volume.toString()) && r.value().contains("\"DeleteVolume\""), Duration.ofSeconds(30)).value(), Command.class);
        InventoryTestSupport.publishResult(new VolumeDeleted(UUID.randomUUID(), delete.commandId(), volume, host, Instant.now()));
        InventoryTestSupport.awaitState(volume, "DELETED");

        List<ConsumerRecord<String, String>> onKafka = KafkaTestClient.awaitRecords(InventoryTestSupport.bootstrap(), Topics.EVENTS,
                r -> volume.toString().equals(r.key()), LIFE.size(), Duration.ofSeconds(30));
        List<DomainEvent> published = onKafka.stream().map(r -> MessageCodec.fromJson(r.value(), DomainEvent.class)).toList();
        assertEquals(LIFE, published.stream().map(DomainEvent::eventType).toList());
        for (int i = 1; i < published.size(); i++) {
            assertTrue(published.get(i).sequence() > published.get(i - 1).sequence(), "sequences rise");
        }
        assertEquals("audit-vm", published.get(3).data().get("domain"));
        assertEquals("w", published.get(3).data().get("mode"));
        assertEquals("DELETED", published.get(6).data().get("state"));

        List<String> stored = given().get("/api/v1/events?aggregateId=" + volume).then().statusCode(200)
                .extract().jsonPath().getList("items.eventType");
        assertEquals(LIFE.stream().map(Enum::name).toList(), stored);
        long second = published.get(1).sequence();
        given().get("/api/v1/events?aggregateId=" + volume + "&after=" + second + "&limit=2").then()
                .body("items.eventType", org.hamcrest.Matchers.contains("VolumeCreated", "VolumeAttached"))
                .body("nextAfter", equalTo((int) published.get(3).sequence()));
    }

    @Test
    void aHostsFirstReportIsAnEventAndBadCursorsAreRefused() {
        String host = InventoryTestSupport.reportedHost();
        given().get("/api/v1/events?aggregateId=" + host).then().statusCode(200)
                .body("items[0].eventType", equalTo("HostRegistered"))
                .body("items[0].data.loopDeviceLimit", equalTo(8));
        given().get("/api/v1/events?after=-1").then().statusCode(400).body("field", equalTo("after"));
        given().get("/api/v1/events?limit=100000").then().statusCode(400).body("field", equalTo("limit"));
    }
}
