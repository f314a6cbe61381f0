package dev.domstore.inventory.service;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.InventoryTestSupport;

/** Rule 4 and 5: capacity is reserved when an intent is accepted, so concurrent requests never over-commit. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class CapacityUnderConcurrencyTest {

    @Test
    void twentyParallelCreatesBeyondAVolumeGroupsFreeSpaceAcceptExactlyThoseThatFit() throws Exception {
        String host = InventoryTestSupport.reportedLvmHost("vg", 10L << 30);
        List<Integer> statuses = parallel(20, i -> given().contentType(ContentType.JSON)
                .body("{\"kind\":\"LVM\",\"name\":\"par" + i + "\",\"hostId\":\"" + host + "\",\"volumeGroup\":\"vg\",\"size\":\"1G\"}")
                .post("/api/v1/volumes").statusCode());

        assertEquals(10, statuses.stream().filter(s -> s == 202).count(), "10 × 1G fit a 10G group: " + statuses);
        assertEquals(10, statuses.stream().filter(s -> s == 409).count(), statuses.toString());
        given().get("/api/v1/volumes?hostId=" + host + "&pageSize=100").then().body("totalItems", equalTo(10));
        given().get("/api/v1/hosts/" + host).then().body("volumeGroups[0].availableBytes", equalTo(0));
    }

    @Test
    void theImageRootIsNeverPromisedMoreThanItHas() throws Exception {
        String host = InventoryTestSupport.reportedHost();
        // The test host reports 100G free under its image root.
        List<Integer> statuses = parallel(12, i -> given().contentType(ContentType.JSON)
                .body("{\"kind\":\"FILE\",\"name\":\"img" + i + "\",\"hostId\":\"" + host + "\",\"size\":\"10G\"}")
                .post("/api/v1/volumes").statusCode());
        assertEquals(10, statuses.stream().filter(s -> s == 202).count(), statuses.toString());
        given().contentType(ContentType.JSON).body("{\"kind\":\"FILE\",\"name\":\"one-more\",\"hostId\":\"" + host + "\",\"size\":\"1G\"}")
                .post("/api/v1/volumes").then().statusCode(409).body("type", equalTo("https://domstore.dev/problems/insufficient-capacity"));
    }

    @Test
    void withoutAHostTheVolumeGoesWhereMostSpaceIsFree() {
        String small = InventoryTestSupport.reportedLvmHost("vgplace", 2L << 30);
        String large = InventoryTestSupport.reportedLvmHost("vgplace", 1L << 50);
        given().contentType(ContentType.JSON).body("{\"kind\":\"LVM\",\"name\":\"placed-" + small + "\",\"volumeGroup\":\"vgplace\",\"size\":\"1G\"}")
                .post("/api/v1/volumes").then().statusCode(202).body("hostId", equalTo(large));
    }

    interface Request {
        int status(int i);
    }

    static List<Integer> parallel(int n, Request request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                calls.add(() -> request.status(index));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }
}
