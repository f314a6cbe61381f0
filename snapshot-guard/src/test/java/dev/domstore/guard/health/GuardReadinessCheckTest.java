package dev.domstore.guard.health;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.guard.GuardInfrastructure;

@QuarkusTest
@WithTestResource(value = GuardInfrastructure.class, scope = TestResourceScope.GLOBAL)
class GuardReadinessCheckTest {

    @Test
    void readyWithKafkaAndSaysWhatItWatches() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given()
                .when().get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", is("UP"))
                .body("checks.name", hasItem("snapshot-guard"))
                .body("checks.name", hasItem("Kafka connection health check"))
                .body("checks.find { it.name == 'snapshot-guard' }.data.worker", is("RUNNING"))
                .body("checks.find { it.name == 'snapshot-guard' }.data.summary",
                        matchesPattern("snapshot-guard: (no snapshots watched yet|watching \\d+ snapshot\\(s\\))")));
    }
}
