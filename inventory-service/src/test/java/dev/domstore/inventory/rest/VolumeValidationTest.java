package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.Topics;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.OutboxMessage;
import dev.domstore.inventory.domain.Volume;

/** Every bad request gets its own problem type and a message that says what to do, and writes nothing. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class VolumeValidationTest {
    private static String hostId;

    @BeforeEach
    void host() {
        if (hostId == null) {
            hostId = InventoryTestSupport.reportedHost();
        }
    }

    static Stream<Arguments> badRequests() {
        return Stream.of(
                Arguments.of("unknown host", "{\"name\":\"a\",\"hostId\":\"nowhere\",\"kind\":\"FILE\",\"size\":\"1G\"}", 422, "unknown-host", "has reported"),
                Arguments.of("device without its host", "{\"kind\":\"PHYSICAL\",\"devicePath\":\"/dev/sdb\"}", 400, "invalid-field", "hostId"),
                Arguments.of("field of another kind", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"1G\",\"volumeGroup\":\"vg\"}", 400, "invalid-field", "does not apply"),
                Arguments.of("more than the host has", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"1P\"}", 409, "insufficient-capacity", "can promise"),
                Arguments.of("populate without a file system", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"1G\",\"populateFrom\":\"/srv/root\"}", 400, "invalid-field", "filesystem"),
                Arguments.of("relative populate source", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"1G\",\"filesystem\":\"ext4\",\"populateFrom\":\"srv/root\"}", 400, "invalid-path", "absolute"),
                Arguments.of("bad size", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"lots\"}", 400, "invalid-size", "512M"),
                Arguments.of("decimal unit", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"2GB\"}", 400, "invalid-size", "GiB"),
                Arguments.of("zero size", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"0\"}", 400, "invalid-size", "larger than zero"),
                Arguments.of("missing size", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\"}", 400, "invalid-size", "missing"),
                Arguments.of("too small for a file system", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"64K\",\"filesystem\":\"ext4\"}", 400, "invalid-size", "at least 1M"),
                Arguments.of("path in name", "{\"name\":\"../etc/passwd\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"1G\"}", 400, "invalid-name", "no '/'"),
                Arguments.of("option-like name", "{\"name\":\"-rf\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"1G\"}", 400, "invalid-name", "start with a letter"),
                Arguments.of("missing name", "{\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"1G\"}", 400, "invalid-name", "missing"),
                Arguments.of("bad file system", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"FILE\",\"size\":\"1G\",\"filesystem\":\"ntfs\"}", 400, "invalid-filesystem", "ext2, ext3, ext4"),
                Arguments.of("missing kind", "{\"name\":\"a\",\"hostId\":\"HOST\",\"size\":\"1G\"}", 400, "invalid-field", "kind"),
                Arguments.of("unknown kind", "{\"name\":\"a\",\"hostId\":\"HOST\",\"kind\":\"TAPE\",\"size\":\"1G\"}", 400, "invalid-field", "PHYSICAL"),
                Arguments.of("not JSON", "{\"name\":", 400, "invalid-json", "JSON"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void refusedWithItsProblemAndNothingWritten(String label, String body, int status, String type, String hint) {
        long volumes = count(() -> Volume.count());
        long outbox = count(() -> OutboxMessage.count("topic like ?1", Topics.COMMANDS + ".%"));

        given().contentType(ContentType.JSON).body(body.replace("HOST", hostId)).post("/api/v1/volumes")
                .then().statusCode(status)
                .contentType("application/problem+json")
                .body("type", equalTo("https://domstore.dev/problems/" + type))
                .body("status", equalTo(status))
                .body("instance", equalTo("/api/v1/volumes"))
                .body("detail", containsString(hint));

        assertEquals(volumes, count(() -> Volume.count()), "no volume written");
        assertEquals(outbox, count(() -> OutboxMessage.count("topic like ?1", Topics.COMMANDS + ".%")), "no command written (events of earlier requests may still arrive)");
    }

    @Test
    void aDuplicateNameOnTheSameHostIsRefused() {
        String body = "{\"name\":\"twice\",\"hostId\":\"" + hostId + "\",\"kind\":\"FILE\",\"size\":\"1G\"}";
        given().contentType(ContentType.JSON).body(body).post("/api/v1/volumes").then().statusCode(202);
        long volumes = count(() -> Volume.count());
        long outbox = count(() -> OutboxMessage.count("topic like ?1", Topics.COMMANDS + ".%"));

        given().contentType(ContentType.JSON).body(body).post("/api/v1/volumes")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://domstore.dev/problems/duplicate-name"))
                .body("detail", containsString("Choose another name"));

        assertEquals(volumes, count(() -> Volume.count()));
        assertEquals(outbox, count(() -> OutboxMessage.count("topic like ?1", Topics.COMMANDS + ".%")));
        String otherHost = InventoryTestSupport.reportedHost();
        given().contentType(ContentType.JSON).body(body.replace(hostId, otherHost)).post("/api/v1/volumes").then().statusCode(202);
    }

    @Test
    void unknownVolumesAndBadFiltersAreProblemsToo() {
        given().get("/api/v1/volumes/7d1f8e7c-0000-4000-8000-000000000000").then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://domstore.dev/problems/volume-not-found"));
        given().get("/api/v1/volumes?state=SLEEPING").then().statusCode(400)
                .body("type", equalTo("https://domstore.dev/problems/invalid-field"))
                .body("detail", containsString("AVAILABLE"));
        given().get("/api/v1/volumes?pageSize=0").then().statusCode(400)
                .body("field", equalTo("pageSize"));
    }

    private static long count(java.util.function.Supplier<Long> counter) {
        return QuarkusTransaction.requiringNew().call(counter::get);
    }
}
