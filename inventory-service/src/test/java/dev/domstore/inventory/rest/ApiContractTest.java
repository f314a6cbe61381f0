package dev.domstore.inventory.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.net.URI;
import java.net.URL;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;
import dev.domstore.inventory.domain.ApiToken;
import dev.domstore.inventory.domain.Attachment;
import dev.domstore.inventory.domain.EnrolledHost;
import dev.domstore.inventory.domain.OutboxMessage;
import dev.domstore.inventory.domain.StoredEvent;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.XenDomain;
import dev.domstore.testsupport.ApiContract;

/**
 * Every operation of the inventory's OpenAPI document, sent what it must refuse (test-support's
 * {@link ApiContract}): each answer a problem document, and nothing created or changed.
 */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class ApiContractTest {
    private static final String DOMAIN = "vm-contract";
    private static final long MIB = 1L << 20;
    private static String fileHost;
    private static String lvmHost;
    private static UUID snapshot;

    @TestHTTPResource("/")
    URL service;

    @BeforeEach
    void fixtures() {
        if (fileHost == null) {
            fileHost = InventoryTestSupport.reportedHost();
            lvmHost = InventoryTestSupport.reportedLvmHost("vg", 100L << 30);
            UUID origin = InventoryTestSupport.availableVolume(VolumeKindsTest.lvm(lvmHost, "contract-origin", "1G", null),
                    "/dev/vg/contract-origin", 1L << 30, false);
            snapshot = InventoryTestSupport.availableVolume(VolumeKindsTest.snapshot("contract-snap", origin, "8M"), "/dev/vg/contract-snap",
                    8 * MIB, false);
            InventoryTestSupport.attach(DOMAIN, "sdb1", snapshot, "r").statusCode(201);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyOperationRefusesBadInputWithAProblemAndChangesNothing() {
        fixtures();
        Map<String, String> pathValues = Map.of("id", snapshot.toString(), "name", DOMAIN, "vdev", "sda1", "hostId", fileHost);
        Map<String, String> validBodies = Map.of(
                "POST /api/v1/volumes", "{\"name\":\"contract-new\",\"hostId\":\"" + fileHost + "\",\"kind\":\"FILE\",\"size\":\"1G\"}",
                "POST /api/v1/volumes/{id}/extend", "{\"size\":\"16M\"}",
                "PUT /api/v1/volumes/{id}/guard-policy", "{\"thresholdPercent\":60}",
                "PUT /api/v1/domains/{name}/disks/{vdev}", "{\"volumeId\":\"" + snapshot + "\",\"mode\":\"r\"}",
                "PUT /api/v1/domains/{name}/nfs-root", "{\"volumeId\":\"" + snapshot + "\",\"dhcp\":true}",
                "POST /api/v1/tokens", "{\"name\":\"contract-token\",\"role\":\"viewer\",\"hosts\":[\"" + fileHost + "\"]}",
                "POST /api/v1/hosts", "{\"hostId\":\"contract-new-host\"}");
        return ApiContract.of(URI.create(service.toString())).probeEveryOperation(pathValues, validBodies, this::state);
    }

    /** What a probe must leave as it was: the test hosts' volumes, commands and events, the test domain, the tokens, the snapshot's policy. */
    private Object state() {
        List<String> hosts = List.of(fileHost, lvmHost);
        Object rows = QuarkusTransaction.requiringNew().call(() -> List.of(
                Volume.<Volume>list("hostId in ?1 order by id", hosts).stream()
                        .map(v -> v.id + " " + v.state + " " + v.sizeBytes + " " + v.updatedAt).toList(),
                OutboxMessage.count("messageKey in ?1", hosts),
                StoredEvent.count("hostId in ?1 or aggregateId = ?2", hosts, DOMAIN),
                Attachment.count("domainName", DOMAIN),
                XenDomain.count("name", DOMAIN),
                ApiToken.count(),
                EnrolledHost.count()));
        String policy = given().get("/api/v1/volumes/" + snapshot + "/guard-policy").then().statusCode(200).extract().asString();
        return List.of(rows, policy);
    }

    @Test
    void aDomainsConfigurationIsTextByDefaultAndJsonWhenAskedFor() {
        given().get("/api/v1/domains/" + DOMAIN + "/config").then().statusCode(200)
                .contentType(startsWith("text/plain"))
                .body(equalTo("disk = ['phy:vg/contract-snap,sdb1,r']\n"));
        given().accept(ContentType.JSON).get("/api/v1/domains/" + DOMAIN + "/config").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .body("domain", equalTo(DOMAIN))
                .body("lines", equalTo(List.of("disk = ['phy:vg/contract-snap,sdb1,r']")))
                .body("disks[0].spec", equalTo("phy:vg/contract-snap"))
                .body("disks[0].vdev", equalTo("sdb1"))
                .body("disks[0].mode", equalTo("r"));
    }
}
