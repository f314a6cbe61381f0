package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.nullValue;
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
import dev.domstore.common.events.Actor;
import dev.domstore.common.events.DomainEvent;
import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.testsupport.KafkaTestClient;

/** A volume's life produces the documented events, in order, on Kafka and in /api/v1/events. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class EventStreamTest {
    private static final List<EventType> LIFE = List.of(
            EventType.VolumeRequested, EventType.VolumeProvisioningStarted, EventType.VolumeCreated,
            EventType.VolumeAttached, EventType.VolumeDetached,
            EventType.VolumeDeletionRequested, EventType.VolumeDeleted);

    /** Who made each change of {@link #LIFE}: the attachment is an operator's, the rest the first admin's or a service's. */
    private static final List<String> ACTORS = List.of("admin", "system:inventory", "system:provisioning-agent",
            "{operator}", "{operator}", "admin", "system:provisioning-agent");

    @Test
    void createAttachDetachDeleteIsTheDocumentedSequenceInBothPlaces() {
        String host = InventoryTestSupport.reportedHost();
        UUID volume = InventoryTestSupport.availableFileVolume(host, "audited");
        String operator = "audit-operator-" + UUID.randomUUID().toString().substring(0, 8);
        String operatorSecret = given().contentType(ContentType.JSON).body("{\"name\":\"" + operator + "\",\"role\":\"operator\"}")
                .post("/api/v1/tokens").then().statusCode(201).extract().path("secret");
        given().auth().oauth2(operatorSecret).contentType(ContentType.JSON).body("{\"volumeId\":\"" + volume + "\",\"mode\":\"w\"}")
                .put("/api/v1/domains/audit-vm/disks/xvda").then().statusCode(201);
        given().auth().oauth2(operatorSecret).delete("/api/v1/domains/audit-vm/disks/xvda").then().statusCode(204);
        given().delete("/api/v1/volumes/" + volume).then().statusCode(202);
        DeleteVolume delete = InventoryTestSupport.awaitCommand(volume, DeleteVolume.class);
        InventoryTestSupport.publishResult(new VolumeDeleted(UUID.randomUUID(), delete.commandId(), volume, host, Instant.now()));
        InventoryTestSupport.awaitState(volume, "DELETED");

        List<ConsumerRecord<String, String>> onKafka = KafkaTestClient.awaitRecords(InventoryTestSupport.kafka(), Topics.EVENTS,
                r -> volume.toString().equals(r.key()), LIFE.size(), Duration.ofSeconds(30));
        List<DomainEvent> published = onKafka.stream().map(r -> MessageCodec.fromJson(r.value(), DomainEvent.class)).toList();
        assertEquals(LIFE, published.stream().map(DomainEvent::eventType).toList());
        for (int i = 1; i < published.size(); i++) {
            assertTrue(published.get(i).sequence() > published.get(i - 1).sequence(), "sequences rise");
        }
        assertEquals("audit-vm", published.get(3).data().get("domain"));
        assertEquals("w", published.get(3).data().get("mode"));
        assertEquals("DELETED", published.get(6).data().get("state"));
        List<String> actors = ACTORS.stream().map(actor -> actor.replace("{operator}", operator)).toList();
        assertEquals(actors, published.stream().map(event -> event.actor().name()).toList());
        assertEquals(Actor.token("admin", "admin"), published.get(0).actor());
        assertEquals(Actor.token(operator, "operator"), published.get(3).actor());
        assertEquals(Actor.PROVISIONING_AGENT, published.get(2).actor());

        List<String> stored = given().get("/api/v1/events?aggregateId=" + volume).then().statusCode(200)
                .extract().jsonPath().getList("items.eventType");
        assertEquals(LIFE.stream().map(Enum::name).toList(), stored);
        given().get("/api/v1/events?aggregateId=" + volume).then()
                .body("items.actor.name", equalTo(actors))
                .body("items[3].actor.role", equalTo("operator"))
                .body("items[2].actor.role", nullValue());
        given().get("/api/v1/events?actor=" + operator).then().statusCode(200)
                .body("items.eventType", org.hamcrest.Matchers.contains("VolumeAttached", "VolumeDetached"))
                .body("items.aggregateId", everyItem(equalTo(volume.toString())));
        long second = published.get(1).sequence();
        given().get("/api/v1/events?aggregateId=" + volume + "&after=" + second + "&limit=2").then()
                .body("items.eventType", org.hamcrest.Matchers.contains("VolumeCreated", "VolumeAttached"))
                .body("nextAfter", equalTo((int) published.get(3).sequence()));
    }

    @Test
    void aHostsEnrolmentAndFirstReportAreEventsAndBadCursorsAreRefused() {
        String host = InventoryTestSupport.reportedHost();
        given().get("/api/v1/events?aggregateId=" + host).then().statusCode(200)
                .body("items[0].eventType", equalTo("HostEnrolled"))
                .body("items[0].actor.name", equalTo("admin"))
                .body("items[0].data.kafkaUser", equalTo("host." + host))
                .body("items[1].eventType", equalTo("HostRegistered"))
                .body("items[1].actor.name", equalTo("system:provisioning-agent"))
                .body("items[1].data.loopDeviceLimit", equalTo(8));
        given().get("/api/v1/events?after=-1").then().statusCode(400).body("field", equalTo("after"));
        given().get("/api/v1/events?limit=100000").then().statusCode(400).body("field", equalTo("limit"));
    }
}
