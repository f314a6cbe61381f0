package dev.domstore.testsupport;

import java.net.URI;
import java.net.URL;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.test.common.http.TestHTTPResource;

/**
 * {@link ApiContract} for a service that keeps no state behind its API (the nfs-service serves only
 * /q/health, /q/metrics and /q/openapi today): a path no route serves answers a problem
 * document, and an operation added to its OpenAPI document is probed too. A module's test extends it
 * with its own {@code @QuarkusTest} and test resources.
 */
public abstract class StatelessServiceContract {
    @TestHTTPResource("/")
    URL service;

    @TestFactory
    Stream<DynamicTest> everyOperationAndUnservedPathAnswersAProblem() {
        return ApiContract.of(URI.create(service.toString())).probeEveryOperation(Map.of(), Map.of(), () -> "stateless");
    }
}
