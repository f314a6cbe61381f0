package dev.domstore.guard.messaging;

import static dev.domstore.guard.messaging.GuardTestSupport.GiB;
import static dev.domstore.guard.messaging.GuardTestSupport.MiB;
import static dev.domstore.guard.messaging.GuardTestSupport.publish;
import static dev.domstore.guard.messaging.GuardTestSupport.requestsFor;
import static dev.domstore.guard.messaging.GuardTestSupport.usage;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.guard.GuardInfrastructure;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaInspection;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * The running guard against a real broker: usage reports of five snapshots filling in different
 * ways, and a host report with the volume groups' free space, in; the expected extend requests out,
 * once each.
 */
@QuarkusTest
@WithTestResource(value = GuardInfrastructure.class, scope = TestResourceScope.GLOBAL)
class SnapshotGuardKafkaTest {
    /** Has {@code threshold-percent=50} in the test profile's overrides. */
    static final UUID OVERRIDDEN = UUID.fromString("5e0e0e0e-0000-4000-8000-000000000050");

    @Inject
    GuardRuntime runtime;
    /** The broker's admin: feeds the guard's topics as hosts and the inventory would, and reads what the guard published. */
    final KafkaAccess kafka = RealInfrastructure.kafka().admin();

    @Test
    void eachSnapshotIsExtendedOnceByTheRightStep() throws Exception {
        assertTrue(runtime.awaitRebuilt(Duration.ofSeconds(30)), "the guard joined its group and rebuilt its partitions");
        String host = "guard-it-" + UUID.randomUUID().toString().substring(0, 8);
        GuardTestSupport.publishHostReport(kafka, host, List.of(
                new HostReport.VolumeGroup("vg0", 100 * GiB, 10 * GiB, 4 * MiB),
                new HostReport.VolumeGroup("small", GiB, 100 * MiB, 4 * MiB)));
        await().atMost(Duration.ofSeconds(20)).until(() -> runtime.spaces().knows(host, "small"));

        Instant t = Instant.now();
        UUID steady = UUID.randomUUID();
        UUID burst = UUID.randomUUID();
        UUID cramped = UUID.randomUUID();
        UUID invalid = UUID.randomUUID();

        // steady: 1 GiB filling ~3.6 MiB/s, reported every 10 s: no prediction, the threshold at 70.5 %.
        double[] steadyFill = {60.0, 64.0, 67.0, 70.5};
        SnapshotUsage steadyLast = null;
        for (int i = 0; i < steadyFill.length; i++) {
            steadyLast = usage(steady, host, "vg0", t.minusSeconds(40 - 10L * i), GiB, 10 * GiB, steadyFill[i]);
            publish(kafka, steadyLast);
        }
        // burst: slow at 30 %, then 150 MiB in one second: predicted full in < 4 s, extended at 44.85 %.
        double[] burstFill = {30.0, 30.1, 30.2, 44.85};
        for (int i = 0; i < burstFill.length; i++) {
            publish(kafka, usage(burst, host, "vg0", t.minusSeconds(3 - i), GiB, 20 * GiB, burstFill[i]));
        }
        // cramped: 512 MiB at 80 % wants 616 MiB, but its volume group has 100 MiB free.
        publish(kafka, usage(cramped, host, "small", t, 512 * MiB, 4 * GiB, 80.0));
        // invalid: overflowed.
        publish(kafka, new SnapshotUsage(UUID.randomUUID(), invalid, host, t, "vg0", "snap-invalid", "origin", 8 * MiB,
                64 * MiB, 100.0, "swi-I-s---", true));
        // overridden: threshold 50 for this volume only.
        publish(kafka, usage(OVERRIDDEN, host, "vg0", t, GiB, 10 * GiB, 55.0));

        KafkaTestClient.awaitRecords(kafka, Topics.EXTEND_REQUESTS,
                r -> List.of(steady.toString(), burst.toString(), cramped.toString(), OVERRIDDEN.toString()).contains(r.key()),
                4, Duration.ofSeconds(30));

        // Duplicates and further reports at the same size: no second request.
        publish(kafka, steadyLast);
        publish(kafka, steadyLast);
        publish(kafka, usage(steady, host, "vg0", t.minusSeconds(5), GiB, 10 * GiB, 71.0));
        publish(kafka, usage(burst, host, "vg0", t, GiB, 20 * GiB, 44.85));
        // The steady snapshot grew: its step is done, nothing more to do at 59.5 % of 1232 MiB.
        publish(kafka, usage(steady, host, "vg0", t.minusSeconds(4), 1232 * MiB, 10 * GiB, 59.5));
        KafkaInspection.awaitCaughtUp(kafka, "domstore-snapshot-guard", Topics.SNAPSHOT_USAGE, Duration.ofSeconds(30));

        SnapshotExtendRequested steadyRequest = only(requestsFor(kafka, steady));
        assertEquals("THRESHOLD", steadyRequest.reason());
        assertEquals(GiB, steadyRequest.fromCowBytes());
        assertEquals(1232 * MiB, steadyRequest.toCowBytes());
        assertEquals(host, steadyRequest.hostId());

        SnapshotExtendRequested burstRequest = only(requestsFor(kafka, burst));
        assertEquals("PREDICTION", burstRequest.reason());
        assertEquals(44.85, burstRequest.dataPercent(), 1e-9);
        assertEquals(GiB, burstRequest.fromCowBytes());
        assertTrue(burstRequest.toCowBytes() > 6656 * MiB && burstRequest.toCowBytes() < 7680 * MiB,
                "about 30 s of room at ~150 MiB/s: " + burstRequest.toCowBytes());
        assertEquals(0, burstRequest.toCowBytes() % (4 * MiB));
        assertTrue(burstRequest.secondsToFull() < 5, "predicted " + burstRequest.secondsToFull());

        SnapshotExtendRequested crampedRequest = only(requestsFor(kafka, cramped));
        assertEquals(512 * MiB, crampedRequest.fromCowBytes());
        assertEquals(612 * MiB, crampedRequest.toCowBytes(), "what fits in the volume group");

        assertEquals(List.of(), requestsFor(kafka, invalid));

        SnapshotExtendRequested overriddenRequest = only(requestsFor(kafka, OVERRIDDEN));
        assertEquals("THRESHOLD", overriddenRequest.reason());
        assertEquals(1232 * MiB, overriddenRequest.toCowBytes());

        // What an operator sees: the REST view, the metrics, the measured reaction time.
        given().get("/api/v1/guard/snapshots/" + invalid).then().statusCode(200)
                .body("invalid", equalTo(true)).body("lastReason", equalTo("INVALID"));
        given().get("/api/v1/guard/snapshots/" + cramped).then().statusCode(200)
                .body("risks", hasItem("VG_FULL")).body("outstandingToCowBytes", equalTo((int) (612 * MiB)));
        given().get("/api/v1/guard/snapshots/" + steady).then().statusCode(200)
                .body("cowSizeBytes", equalTo(1232 * (int) MiB)).body("lastReason", equalTo("BELOW_THRESHOLD"));
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("domstore_guard_extend_requests_total{reason=\"PREDICTION\",retry=\"false\"}"))
                .body(containsString("domstore_guard_snapshot_fill_percent{host=\"" + host + "\""))
                .body(containsString("domstore_guard_snapshot_seconds_to_full{"))
                .body(containsString("domstore_guard_snapshot_fill_rate_bytes_per_second{"))
                .body(containsString("domstore_guard_snapshot_cow_bytes{"))
                .body(containsString("domstore_guard_snapshots_at_risk"))
                .body(containsString("domstore_guard_reaction_seconds{host=\"" + host + "\"}"));
        assertTrue(runtime.engine().countAtRisk() >= 1);
        assertTrue(runtime.engine().reactions().all().containsKey(host), "the steady snapshot's growth was timed");
    }

    private static SnapshotExtendRequested only(List<SnapshotExtendRequested> requests) {
        assertEquals(1, requests.size(), "exactly one request: " + requests);
        return requests.get(0);
    }
}
