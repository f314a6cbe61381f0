package dev.domstore.guard.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.guard.GuardInfrastructure;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * The guard keeps no tokens: it asks the real inventory who a bearer secret belongs to. Its snapshot view
 * and its metrics need a viewer token; health needs none.
 */
@QuarkusTest
@WithTestResource(value = GuardInfrastructure.class, scope = TestResourceScope.GLOBAL)
class GuardAuthenticationTest {

    @Test
    void theSnapshotViewAndMetricsNeedAViewerTokenThatTheInventoryKnows() {
        given().auth().none().get("/api/v1/guard/snapshots").then().statusCode(401)
                .contentType("application/problem+json").body("type", equalTo("https://domstore.dev/problems/unauthorized"));
        given().auth().oauth2("dst_not-a-token").get("/api/v1/guard/snapshots").then().statusCode(401)
                .body("detail", containsString("refused it"));
        given().auth().none().get("/q/metrics").then().statusCode(401);
        given().auth().none().get("/q/health/live").then().statusCode(200);

        String viewer = given().baseUri(RealInfrastructure.inventory().baseUrl()).contentType(ContentType.JSON)
                .body("{\"name\":\"guard-viewer-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"role\":\"viewer\"}")
                .post("/api/v1/tokens").then().statusCode(201).extract().path("secret");
        given().auth().oauth2(viewer).get("/api/v1/guard/snapshots").then().statusCode(200);
        given().auth().oauth2(viewer).get("/q/metrics").then().statusCode(200).body(containsString("domstore_guard"));
    }
}
