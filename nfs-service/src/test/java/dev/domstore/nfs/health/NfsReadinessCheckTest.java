package dev.domstore.nfs.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.domstore.nfs.NfsInfrastructure;
import dev.domstore.nfs.TemporaryNfsPaths;
import dev.domstore.nfs.exportfs.Exportfs;
import dev.domstore.testsupport.Prerequisites;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = NfsInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryNfsPaths.class, scope = TestResourceScope.GLOBAL)
class NfsReadinessCheckTest {

    @Inject
    Exportfs exportfs;

    @Test
    void notReadyWithoutExportfsAndSaysWhy() {
        Prerequisites.require(NfsReadinessCheckTest.class, exportfs.locate().isEmpty(), "this test covers a machine without exportfs, and "
                + exportfs.locate().map(Object::toString).orElse("") + " is installed here (the QEMU lab runs the real one)");
        given()
                .when().get("/q/health/ready")
                .then()
                .statusCode(503)
                .body("status", is("DOWN"))
                .body("checks.name", hasItem("nfs-service"))
                .body("checks.find { it.name == 'nfs-service' }.status", is("DOWN"))
                .body("checks.find { it.name == 'nfs-service' }.data.reason",
                        containsString("exportfs not found on PATH, /usr/sbin or /sbin: install the NFS server (Debian: nfs-kernel-server)"))
                .body("checks.find { it.name == 'nfs-service' }.data.exportfs", is("unavailable"))
                .body("checks.find { it.name == 'nfs-service' }.data.exportsFile", containsString("/etc/exports.d/domstore.exports"));
    }

    @Test
    void theServiceIsAliveEvenWhenNotReady() {
        given().when().get("/q/health/live").then().statusCode(200).body("status", is("UP"));
    }
}
