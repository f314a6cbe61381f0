package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.common.events.Actor;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.ApiToken;
import dev.domstore.inventory.security.Actors;
import dev.domstore.inventory.service.ApiTokens;

/** Tokens made, used, limited, expired and revoked through the API, against the real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class TokenApiTest {

    private static String name(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String create(String name, String role, String extra) {
        return given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"role\":\"" + role + "\"" + extra + "}")
                .post("/api/v1/tokens").then().statusCode(201)
                .header("Location", endsWith("/api/v1/tokens/" + name))
                .body("name", equalTo(name)).body("role", equalTo(role)).body("secret", startsWith("dst_"))
                .extract().path("secret");
    }

    @Test
    void aTokenIsShownOnceListedWithoutItsSecretAndRevokedAtOnce() {
        String name = name("reader");
        String secret = create(name, "viewer", "");

        given().get("/api/v1/tokens").then().statusCode(200)
                .body("name", hasItem(name))
                .body("find { it.name == '" + name + "' }.secret", nullValue())
                .body("find { it.name == '" + name + "' }.role", equalTo("viewer"));
        given().auth().oauth2(secret).get("/api/v1/hosts").then().statusCode(200);
        given().get("/api/v1/events?aggregateId=" + name).then()
                .body("items.eventType", hasItem("TokenCreated"))
                .body("items[0].data.role", equalTo("viewer"))
                .body("toString()", not(containsString(secret)));

        given().delete("/api/v1/tokens/" + name).then().statusCode(204);
        given().auth().oauth2(secret).get("/api/v1/hosts").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo("https://domstore.dev/problems/unauthorized"));
        given().get("/api/v1/events?aggregateId=" + name).then().body("items.eventType", hasItem("TokenRevoked"));
        given().delete("/api/v1/tokens/" + name).then().statusCode(404).body("type", equalTo("https://domstore.dev/problems/token-not-found"));
    }

    @Test
    void noTokenOrABadOneIsA401ProblemWithTheBearerChallenge() {
        given().auth().none().get("/api/v1/volumes").then().statusCode(401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .contentType("application/problem+json")
                .body("detail", containsString("Authorization: Bearer"));
        given().auth().oauth2("dst_not-a-real-secret").get("/api/v1/volumes").then().statusCode(401)
                .body("detail", containsString("revoked or expired"));
        given().auth().none().header("Authorization", "Basic YWRtaW46YWRtaW4=").get("/api/v1/volumes").then().statusCode(401)
                .body("detail", containsString("Bearer <secret>"));
        given().auth().none().get("/q/health/ready").then().statusCode(200);
        given().auth().none().get("/q/metrics").then().statusCode(401);
        given().get("/q/metrics").then().statusCode(200);
    }

    @Test
    void anExpiredTokenNoLongerWorks() {
        String secret = create(name("brief"), "viewer", ",\"expiresAt\":\"" + Instant.now().plusSeconds(2) + "\"");
        given().auth().oauth2(secret).get("/api/v1/hosts").then().statusCode(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> given().auth().oauth2(secret).get("/api/v1/hosts").statusCode() == 401);
    }

    @Test
    void badTokenRequestsAreProblems() {
        given().contentType(ContentType.JSON).body("{\"name\":\"x1\",\"role\":\"root\"}").post("/api/v1/tokens").then().statusCode(400)
                .body("field", equalTo("role")).body("detail", containsString("viewer, operator or admin"));
        given().contentType(ContentType.JSON).body("{\"name\":\"x2\",\"role\":\"viewer\",\"expiresAt\":\"2001-01-01T00:00:00Z\"}")
                .post("/api/v1/tokens").then().statusCode(400).body("field", equalTo("expiresAt"));
        given().contentType(ContentType.JSON).body("{\"name\":\"x3\",\"role\":\"viewer\",\"hosts\":[\"no-such-host\"]}")
                .post("/api/v1/tokens").then().statusCode(422).body("type", equalTo("https://domstore.dev/problems/unknown-host"));
        String name = name("twice");
        create(name, "viewer", "");
        given().contentType(ContentType.JSON).body("{\"name\":\"" + name + "\",\"role\":\"viewer\"}").post("/api/v1/tokens").then()
                .statusCode(409).body("type", equalTo("https://domstore.dev/problems/duplicate-token"));
    }

    @Test
    void aHostLimitedTokenChangesOnlyItsHostsStorageAndForcingNeedsAdmin() {
        String mine = InventoryTestSupport.reportedHost();
        String other = InventoryTestSupport.reportedHost();
        UUID mineVolume = InventoryTestSupport.availableFileVolume(mine, "limited-mine");
        UUID otherVolume = InventoryTestSupport.availableFileVolume(other, "limited-other");
        String secret = create(name("lab-op"), "operator", ",\"hosts\":[\"" + mine + "\"]");

        given().auth().oauth2(secret).contentType(ContentType.JSON).body("{\"size\":\"2G\"}").post("/api/v1/volumes/" + otherVolume + "/extend")
                .then().statusCode(403).body("type", equalTo("https://domstore.dev/problems/forbidden"))
                .body("detail", containsString("limited to the hosts " + mine));
        given().auth().oauth2(secret).contentType(ContentType.JSON).body("{\"size\":\"2G\"}").post("/api/v1/volumes/" + mineVolume + "/extend")
                .then().statusCode(202);
        given().auth().oauth2(secret).contentType(ContentType.JSON).body("{\"name\":\"placed\",\"kind\":\"FILE\",\"size\":\"1G\"}")
                .post("/api/v1/volumes").then().statusCode(400).body("field", equalTo("hostId"));
        given().auth().oauth2(secret).contentType(ContentType.JSON).body("{\"volumeId\":\"" + otherVolume + "\",\"mode\":\"r\"}")
                .put("/api/v1/domains/limited-vm/disks/sda1").then().statusCode(403);

        given().auth().oauth2(secret).contentType(ContentType.JSON).body("{\"volumeId\":\"" + mineVolume + "\",\"mode\":\"w\",\"force\":true}")
                .put("/api/v1/domains/limited-vm/disks/sda1").then().statusCode(403)
                .body("detail", containsString("needs the role admin"));
        given().get("/api/v1/domains/limited-vm").then().statusCode(404);
    }

    @Test
    void aHostLimitedTokenSnapshotsAnOriginOnItsHostOnly() {
        String mine = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        String other = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        UUID myOrigin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(mine, "limited-base", "1G", null), "/dev/vg/limited-base",
                1L << 30, false);
        UUID otherOrigin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(other, "limited-base", "1G", null),
                "/dev/vg/limited-base", 1L << 30, false);
        String secret = create(name("snap-op"), "operator", ",\"hosts\":[\"" + mine + "\"]");

        // A snapshot names no host: it is made where its origin is.
        given().auth().oauth2(secret).contentType(ContentType.JSON).body(VolumeKindsTest.snapshot("limited-clone", myOrigin, "64M"))
                .post("/api/v1/volumes").then().statusCode(202).body("hostId", equalTo(mine));
        given().auth().oauth2(secret).contentType(ContentType.JSON).body(VolumeKindsTest.snapshot("limited-clone", otherOrigin, "64M"))
                .post("/api/v1/volumes").then().statusCode(403).body("detail", containsString("storage of host '" + other + "'"));
        given().get("/api/v1/volumes?hostId=" + other).then().body("items.name", not(hasItem("limited-clone")));
    }

    @Inject
    ApiTokens tokens;

    @Test
    void theBootstrapFileMakesAnAdminTokenWhenItIsMissingAndNothingWhileItExists(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("credentials").resolve("admin.token");
        long before = count();

        // Tokens exist (this JVM's first admin's): a missing file still gets an admin token of its own, under a free name.
        Actors.as(Actor.INVENTORY, () -> tokens.bootstrap(file));
        String secret = Files.readString(file).trim();
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE), Files.getPosixFilePermissions(file));
        assertEquals(before + 1, count());
        String name = given().auth().oauth2(secret).get("/api/v1/tokens/self").then().statusCode(200)
                .body("role", equalTo("admin")).body("name", startsWith("admin-")).extract().path("name");

        // While the file exists, nothing more: revoked, it stays revoked.
        Actors.as(Actor.INVENTORY, () -> tokens.bootstrap(file));
        assertEquals(before + 1, count());
        given().delete("/api/v1/tokens/" + name).then().statusCode(204);
        Actors.as(Actor.INVENTORY, () -> tokens.bootstrap(file));
        given().auth().oauth2(secret).get("/api/v1/tokens/self").then().statusCode(401);
        given().get("/api/v1/events?aggregateId=" + name).then().body("items[0].actor.name", equalTo("system:inventory"));
    }

    private static long count() {
        return QuarkusTransaction.requiringNew().call(() -> ApiToken.count());
    }
}
