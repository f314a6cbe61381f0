package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;

/** {@code GET /api/v1/volumes/{id}?waitFor=…}: the answer comes when the volume gets there, not before, and without polling. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class VolumeWaitTest {

    @Test
    void aWaitForAvailableIsAnsweredWhenTheHostsResultLands() throws Exception {
        String host = InventoryTestSupport.reportedHost();
        UUID volume = requested(host, "waited");
        CreateVolume command = InventoryTestSupport.awaitCommand(volume, CreateVolume.class);
        CompletableFuture<Response> answer = CompletableFuture.supplyAsync(() ->
                given().get("/api/v1/volumes/" + volume + "?waitFor=AVAILABLE&timeout=30s"));
        Thread.sleep(1500);
        assertFalse(answer.isDone(), "no answer while the volume is still being made");

        Instant resultSent = Instant.now();
        InventoryTestSupport.publishResult(new VolumeCreated(UUID.randomUUID(), command.commandId(), volume, host, Instant.now(),
                command.imagePath(), command.sizeBytes(), 4096, null, false));
        Response available = answer.get(30, TimeUnit.SECONDS);
        Instant answered = Instant.now();
        assertEquals(200, available.statusCode(), available.asString());
        assertEquals("AVAILABLE", available.jsonPath().getString("state"));
        assertTrue(answered.isBefore(resultSent.plusSeconds(25)), "answered by the commit of the result, not by the 30 s timeout "
                + "(tests look again only every hour)");
    }

    @Test
    void aSettledVolumeIsAnsweredAtOnceAndAnUnsettledOneAtTheTimeout() {
        String host = InventoryTestSupport.reportedHost();
        UUID available = InventoryTestSupport.availableFileVolume(host, "settled");
        // AVAILABLE is settled: waiting for DELETED would wait for a request nobody made.
        given().get("/api/v1/volumes/" + available + "?waitFor=DELETED&timeout=60s").then().statusCode(200)
                .body("state", equalTo("AVAILABLE"));

        UUID pending = requested(host, "pending");
        long start = System.nanoTime();
        String state = given().get("/api/v1/volumes/" + pending + "?waitFor=AVAILABLE&timeout=1s").then().statusCode(200)
                .extract().path("state");
        assertTrue(state.equals("REQUESTED") || state.equals("PROVISIONING"), state);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(1000), "it waited for its timeout");
    }

    @Test
    void badWaitsAreRefusedWithAProblemThatNamesTheParameter() {
        UUID volume = InventoryTestSupport.availableFileVolume(InventoryTestSupport.reportedHost(), "badwait");
        given().get("/api/v1/volumes/" + volume + "?waitFor=READY").then().statusCode(400).body("field", equalTo("waitFor"));
        given().get("/api/v1/volumes/" + volume + "?waitFor=AVAILABLE&timeout=2h").then().statusCode(400).body("field", equalTo("timeout"));
        given().get("/api/v1/volumes/" + volume + "?waitFor=AVAILABLE&timeout=soon").then().statusCode(400).body("field", equalTo("timeout"));
        given().get("/api/v1/volumes/" + volume + "?timeout=5s").then().statusCode(400).body("field", equalTo("timeout"));
        given().get("/api/v1/volumes/" + UUID.randomUUID() + "?waitFor=AVAILABLE").then().statusCode(404);
    }

    private static UUID requested(String host, String name) {
        return UUID.fromString(given().contentType(ContentType.JSON)
                .body("{\"name\":\"" + name + "\",\"hostId\":\"" + host + "\",\"kind\":\"FILE\",\"size\":\"1G\"}").post("/api/v1/volumes")
                .then().statusCode(202).extract().path("id"));
    }
}
