package dev.domstore.agent.rest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.agent.AgentInfrastructure;
import dev.domstore.agent.TemporaryImageRoot;
import dev.domstore.testsupport.StatelessServiceContract;

@QuarkusTest
@WithTestResource(value = AgentInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryImageRoot.class, scope = TestResourceScope.GLOBAL)
class ApiContractTest extends StatelessServiceContract {
}
