package dev.domstore.guard.rest;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.guard.GuardInfrastructure;
import dev.domstore.testsupport.ApiContract;

/** Every operation of the guard's OpenAPI document, and a path outside it, answer bad requests with a problem document. */
@QuarkusTest
@WithTestResource(value = GuardInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ApiContractTest {
    @TestHTTPResource("/")
    URL service;

    @TestFactory
    Stream<DynamicTest> everyOperationRefusesBadInputWithAProblem() {
        return contract().probeEveryOperation(Map.of("volumeId", UUID.randomUUID().toString()), Map.of(),
                () -> given().get("/api/v1/guard/snapshots").then().statusCode(200).extract().asString());
    }

    private ApiContract contract() {
        return ApiContract.of(URI.create(service.toString()));
    }
}
