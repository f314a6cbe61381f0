package dev.domstore.inventory.messaging;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.Topics;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.OutboxMessage;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;

/** With the broker stopped, a create is still accepted; its command is delivered once the broker is back. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class OutboxBrokerOutageTest {

    @Test
    void aRequestAcceptedWhileKafkaIsDownIsDeliveredWhenItReturns() {
        String hostId = InventoryTestSupport.reportedHost();
        KafkaBroker broker = RealInfrastructure.kafka();
        broker.stop();
        try {
            String id = given().contentType(ContentType.JSON)
                    .body("{\"name\":\"while-down\",\"hostId\":\"" + hostId + "\",\"kind\":\"FILE\",\"size\":\"1G\"}")
                    .post("/api/v1/volumes")
                    .then().statusCode(202).body("state", equalTo("REQUESTED"))
                    .extract().path("id");
            UUID volumeId = UUID.fromString(id);

            // Give the relay several tries against the stopped broker: the row must stay, unpublished.
            await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
            assertEquals(1L, unpublishedFor(volumeId));
            given().get("/api/v1/volumes/" + volumeId).then().body("state", equalTo("REQUESTED"));

            broker.restart();

            ConsumerRecord<String, String> record = KafkaTestClient.awaitRecord(broker.admin(), Topics.ofHost(Topics.COMMANDS, hostId),
                    r -> r.value().contains(volumeId.toString()), Duration.ofSeconds(60));
            assertEquals(hostId, record.key());
            await().atMost(Duration.ofSeconds(30)).until(() -> unpublishedFor(volumeId) == 0L);
            given().get("/api/v1/volumes/" + volumeId).then().body("state", equalTo("PROVISIONING"));
        } finally {
            if (!broker.isRunning()) {
                broker.restart();
            }
        }
    }

    private static long unpublishedFor(UUID volumeId) {
        return QuarkusTransaction.requiringNew().call(() -> OutboxMessage.count("aggregateId = ?1 and topic like ?2 and publishedAt is null", volumeId.toString(),
                Topics.COMMANDS + ".%"));
    }
}
