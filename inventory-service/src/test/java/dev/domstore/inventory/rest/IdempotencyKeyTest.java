package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.domstore.common.Topics;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.OutboxMessage;
import dev.domstore.inventory.domain.Volume;

@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class IdempotencyKeyTest {

    @Test
    void theSameKeyAndBodyReturnTheFirstResponseAndChangeNothingMore() {
        String host = InventoryTestSupport.reportedHost();
        String key = UUID.randomUUID().toString();
        String body = "{\"name\":\"retried\",\"hostId\":\"" + host + "\",\"kind\":\"FILE\",\"size\":\"1G\"}";

        Response first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).post("/api/v1/volumes");
        first.then().statusCode(202);
        long volumes = count(() -> Volume.count());
        long outbox = count(() -> OutboxMessage.count("topic like ?1", Topics.COMMANDS + ".%"));

        Response again = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body(body.replace(",", " , ")).post("/api/v1/volumes");
        again.then().statusCode(202).header("Idempotent-Replayed", "true").body("id", equalTo(first.path("id")));
        assertEquals(first.header("Location"), again.header("Location"));
        assertEquals(volumes, count(() -> Volume.count()), "no second volume");
        assertEquals(outbox, count(() -> OutboxMessage.count("topic like ?1", Topics.COMMANDS + ".%")), "no second command");
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String host = InventoryTestSupport.reportedHost();
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"name\":\"one\",\"hostId\":\"" + host + "\",\"kind\":\"FILE\",\"size\":\"1G\"}").post("/api/v1/volumes")
                .then().statusCode(202);
        long volumes = count(() -> Volume.count());

        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"name\":\"two\",\"hostId\":\"" + host + "\",\"kind\":\"FILE\",\"size\":\"1G\"}").post("/api/v1/volumes")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://domstore.dev/problems/idempotency-key-reused"));
        assertEquals(volumes, count(() -> Volume.count()));
    }

    @Test
    void aRefusedRequestIsNotRememberedSoItsKeyStaysUsable() {
        String host = InventoryTestSupport.reportedHost();
        String key = UUID.randomUUID().toString();
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"name\":\"later\",\"hostId\":\"" + host + "\",\"kind\":\"FILE\",\"size\":\"lots\"}").post("/api/v1/volumes")
                .then().statusCode(400);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"name\":\"later\",\"hostId\":\"" + host + "\",\"kind\":\"FILE\",\"size\":\"1G\"}").post("/api/v1/volumes")
                .then().statusCode(202);
    }

    private static long count(java.util.function.Supplier<Long> counter) {
        return QuarkusTransaction.requiringNew().call(counter::get);
    }
}
