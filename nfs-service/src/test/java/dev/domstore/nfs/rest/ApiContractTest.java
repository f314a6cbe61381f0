package dev.domstore.nfs.rest;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.nfs.TemporaryNfsPaths;
import dev.domstore.testsupport.ApiContract;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * This service serves no API of its own beyond /q/health, /q/metrics and /q/openapi today; a path no
 * route serves answers a problem document, and an operation added to its OpenAPI document is probed too.
 */
@QuarkusTest
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryNfsPaths.class, scope = TestResourceScope.GLOBAL)
class ApiContractTest {
    @TestHTTPResource("/")
    URL service;

    @TestFactory
    Stream<DynamicTest> everyOperationAndUnservedPathAnswersAProblem() {
        return ApiContract.of(URI.create(service.toString())).probeEveryOperation(Map.of(), Map.of(), () -> "stateless");
    }
}
