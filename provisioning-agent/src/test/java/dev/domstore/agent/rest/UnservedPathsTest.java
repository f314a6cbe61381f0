package dev.domstore.agent.rest;

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

import dev.domstore.agent.AgentInfrastructure;
import dev.domstore.agent.TemporaryImageRoot;
import dev.domstore.testsupport.ApiContract;

/** The agent serves no API, only /q/health and /q/metrics: every other path answers a 404 problem document. */
@QuarkusTest
@WithTestResource(value = AgentInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryImageRoot.class, scope = TestResourceScope.GLOBAL)
class UnservedPathsTest {
    @TestHTTPResource("/")
    URL agent;

    @TestFactory
    Stream<DynamicTest> everyPathNoRouteServesAnswersAProblem() {
        return ApiContract.withoutApi(URI.create(agent.toString())).probeEveryOperation(Map.of(), Map.of(), () -> "stateless");
    }
}
