package dev.domstore.nfs.rest;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.nfs.NfsInfrastructure;
import dev.domstore.nfs.TemporaryNfsPaths;
import dev.domstore.testsupport.StatelessServiceContract;

@QuarkusTest
@WithTestResource(value = NfsInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryNfsPaths.class, scope = TestResourceScope.GLOBAL)
class ApiContractTest extends StatelessServiceContract {
}
