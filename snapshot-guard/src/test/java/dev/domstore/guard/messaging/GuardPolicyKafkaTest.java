package dev.domstore.guard.messaging;

import static dev.domstore.guard.messaging.GuardTestSupport.GiB;
import static dev.domstore.guard.messaging.GuardTestSupport.publish;
import static dev.domstore.guard.messaging.GuardTestSupport.requestsFor;
import static dev.domstore.guard.messaging.GuardTestSupport.usage;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.common.KafkaGrants;
import dev.domstore.common.Topics;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.guard.GuardInfrastructure;
import dev.domstore.guard.config.ConfiguredOverrides;
import dev.domstore.guard.config.GuardPolicy;
import dev.domstore.guard.domain.SnapshotObserver;
import dev.domstore.guard.domain.SnapshotPolicies;
import dev.domstore.guard.domain.SnapshotState;
import dev.domstore.guard.domain.VolumeGroupSpaces;
import dev.domstore.guard.policy.Decision;
import dev.domstore.guard.policy.PolicyOverride;
import dev.domstore.guard.policy.PolicyOverrides;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaInspection;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * Snapshots' own policies, as the inventory publishes them on domstore.guard-policies, against the
 * running guard and a real broker: a disabled snapshot crossing the threshold gets no request while
 * its twin without an override does; a lower threshold asks earlier. Then a restart (a new worker
 * with an empty state, as in RestartRebuildTest): it rebuilds the policies from the topic before its
 * first decision, so the disabled snapshot is still never asked for, the threshold override still
 * moves the request, and an override removed by a tombstone is gone.
 */
@QuarkusTest
@WithTestResource(value = GuardInfrastructure.class, scope = TestResourceScope.GLOBAL)
class GuardPolicyKafkaTest {
    @Inject
    GuardRuntime runtime;
    @Inject
    GuardPolicy policy;
    @Inject
    ConfiguredOverrides configured;
    /** The broker's admin: feeds the guard's topics as hosts and the inventory would, and reads what the guard published. */
    final KafkaAccess kafka = RealInfrastructure.kafka().admin();

    @Test
    void aSnapshotsOwnPolicyDecidesItsRequestsAndSurvivesARestart() throws Exception {
        assertTrue(runtime.awaitRebuilt(Duration.ofSeconds(30)), "the guard joined its group and rebuilt its partitions");
        String host = "guard-policy-" + UUID.randomUUID().toString().substring(0, 8);
        UUID disabled = UUID.randomUUID();
        UUID twin = UUID.randomUUID();
        UUID early = UUID.randomUUID();
        UUID earlyTwin = UUID.randomUUID();
        // Policies for snapshots that report only after the restart below.
        UUID disabledLater = UUID.randomUUID();
        UUID earlyLater = UUID.randomUUID();
        UUID plainLater = UUID.randomUUID();
        UUID cleared = UUID.randomUUID();

        publishPolicy(disabled(disabled, host));
        publishPolicy(threshold(early, host, 50));
        publishPolicy(disabled(disabledLater, host));
        publishPolicy(threshold(earlyLater, host, 50));
        publishPolicy(disabled(cleared, host));
        KafkaTestClient.send(kafka, Topics.GUARD_POLICIES, cleared.toString(), null); // DELETE: a tombstone
        SnapshotPolicies live = runtime.policies().policies();
        await().atMost(Duration.ofSeconds(20)).until(() -> live.forVolume(earlyLater).isPresent() && live.forVolume(cleared).isEmpty());
        assertEquals(Optional.of(PolicyOverride.disabled()), live.forVolume(disabled));

        // Identical snapshots cross the global threshold (70 %): the disabled one is never asked for, its twin is.
        Instant t = Instant.now();
        publish(kafka, usage(disabled, host, "vg0", t, GiB, 10 * GiB, 75.0));
        publish(kafka, usage(twin, host, "vg0", t, GiB, 10 * GiB, 75.0));
        // At 55 %: only the one whose threshold is 50 is asked for.
        publish(kafka, usage(early, host, "vg0", t, GiB, 10 * GiB, 55.0));
        publish(kafka, usage(earlyTwin, host, "vg0", t, GiB, 10 * GiB, 55.0));
        KafkaTestClient.awaitRecords(kafka, Topics.EXTEND_REQUESTS, r -> List.of(twin.toString(), early.toString()).contains(r.key()),
                2, Duration.ofSeconds(30));
        publish(kafka, usage(disabled, host, "vg0", t.plusSeconds(1), GiB, 10 * GiB, 95.0));
        KafkaInspection.awaitCaughtUp(kafka, "domstore-snapshot-guard", Topics.SNAPSHOT_USAGE, Duration.ofSeconds(30));

        assertEquals(List.of(), requestsFor(kafka, disabled), "disabled: not even at 95 %");
        assertEquals(1, requestsFor(kafka, twin).size());
        assertEquals("THRESHOLD", requestsFor(kafka, early).get(0).reason());
        assertEquals(List.of(), requestsFor(kafka, earlyTwin), "55 % is below the global 70 %");
        given().get("/api/v1/guard/snapshots/" + disabled).then().statusCode(200)
                .body("lastReason", equalTo("DISABLED")).body("policy", equalTo("override"))
                .body("policyOverride", equalTo("enabled=false"));
        given().get("/api/v1/guard/snapshots/" + twin).then().statusCode(200).body("policy", equalTo("global"));
        given().get("/api/v1/guard/snapshots/" + early).then().statusCode(200).body("policyOverride", equalTo("threshold 50%"));

        // A restart: a new worker and policy reader with empty state, in a group of their own (so they get every partition).
        String group = KafkaGrants.GUARD_GROUP_PREFIX + "-policy-restart-" + UUID.randomUUID().toString().substring(0, 8);
        WorkerSettings settings = WorkerSettings.of(RealInfrastructure.kafka().as(KafkaBroker.GUARD).connection(), policy.messaging()).withGroupId(group);
        try (GuardPolicyReader policies = new GuardPolicyReader(settings, new SnapshotPolicies(policy.params()), Clock.systemUTC());
                UsageWorker successor = UsageWorker.create(settings, policy.engineSettings(), policy.params(),
                        PolicyOverrides.layered(configured, policies.policies()), new VolumeGroupSpaces(Duration.ofMinutes(2)), null,
                        policies, SnapshotObserver.NONE, Clock.systemUTC())) {
            policies.start();
            successor.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> successor.engine().snapshot(disabled).map(SnapshotState::decision)
                    .isPresent());
            assertEquals(Decision.Reason.DISABLED, successor.engine().snapshot(disabled).orElseThrow().decision().reason(),
                    "its first decision after the rebuild already knows the snapshot's policy");
            assertEquals(Optional.of(PolicyOverride.disabled()), policies.policies().forVolume(disabled));
            assertEquals(Optional.of(PolicyOverride.threshold(50)), policies.policies().forVolume(earlyLater));
            assertEquals(Optional.empty(), policies.policies().forVolume(cleared), "the tombstone removed it");

            // New reports after the restart: both guards (the running one and the successor) decide alike.
            Instant after = Instant.now();
            publish(kafka, usage(disabledLater, host, "vg0", after, GiB, 10 * GiB, 80.0));
            publish(kafka, usage(earlyLater, host, "vg0", after, GiB, 10 * GiB, 55.0));
            publish(kafka, usage(plainLater, host, "vg0", after, GiB, 10 * GiB, 55.0));
            publish(kafka, usage(cleared, host, "vg0", after, GiB, 10 * GiB, 75.0));
            KafkaTestClient.awaitRecords(kafka, Topics.EXTEND_REQUESTS,
                    r -> List.of(earlyLater.toString(), cleared.toString()).contains(r.key()), 4, Duration.ofSeconds(30));
            KafkaInspection.awaitCaughtUp(kafka, group, Topics.SNAPSHOT_USAGE, Duration.ofSeconds(30));
            KafkaInspection.awaitCaughtUp(kafka, "domstore-snapshot-guard", Topics.SNAPSHOT_USAGE, Duration.ofSeconds(30));

            assertEquals(Decision.Reason.DISABLED, successor.engine().snapshot(disabledLater).orElseThrow().decision().reason());
            assertEquals(Decision.Reason.THRESHOLD, successor.engine().snapshot(earlyLater).orElseThrow().decision().reason());
            assertEquals(Decision.Reason.BELOW_THRESHOLD, successor.engine().snapshot(plainLater).orElseThrow().decision().reason());
            assertEquals(Decision.Reason.THRESHOLD, successor.engine().snapshot(cleared).orElseThrow().decision().reason());
            assertEquals("global", successor.engine().snapshot(cleared).orElseThrow().policy().source());
            assertEquals(List.of(), requestsFor(kafka, disabledLater));
            assertEquals(List.of(), requestsFor(kafka, plainLater));
            assertEquals(2, requestsFor(kafka, earlyLater).size(), "one from each guard");
            assertEquals(List.of(), requestsFor(kafka, disabled), "still none, from either guard");
        }
    }

    private void publishPolicy(SnapshotGuardPolicy p) {
        KafkaTestClient.send(kafka, Topics.GUARD_POLICIES, p.volumeId().toString(), MessageCodec.toJson(p));
    }

    private static SnapshotGuardPolicy disabled(UUID volumeId, String host) {
        return new SnapshotGuardPolicy(UUID.randomUUID(), volumeId, host, Instant.now(), "vg0", "snap-" + volumeId.toString().substring(0, 8),
                false, null, null, null, null, null, null, null, null);
    }

    private static SnapshotGuardPolicy threshold(UUID volumeId, String host, int percent) {
        return new SnapshotGuardPolicy(UUID.randomUUID(), volumeId, host, Instant.now(), "vg0", "snap-" + volumeId.toString().substring(0, 8),
                null, percent, null, null, null, null, null, null, null);
    }
}
