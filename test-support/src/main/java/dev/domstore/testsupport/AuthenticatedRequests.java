package dev.domstore.testsupport;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;

/**
 * Every REST Assured request of a {@code @QuarkusTest} carries the first admin token, as an operator's
 * would; a test of who may do what says so with its own {@code auth()}. Authentication is never switched
 * off. Registered for every module whose tests use test-support (META-INF/services).
 */
public class AuthenticatedRequests implements QuarkusTestBeforeEachCallback {
    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        RestAssured.authentication = RestAssured.oauth2(AdminCredential.secret());
    }
}
