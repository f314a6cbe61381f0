package dev.domstore.guard.messaging;

import static dev.domstore.guard.messaging.GuardTestSupport.GiB;
import static dev.domstore.guard.messaging.GuardTestSupport.publish;
import static dev.domstore.guard.messaging.GuardTestSupport.requestsFor;
import static dev.domstore.guard.messaging.GuardTestSupport.usage;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.common.KafkaGrants;
import dev.domstore.common.Topics;
import dev.domstore.guard.GuardInfrastructure;
import dev.domstore.guard.config.ConfiguredOverrides;
import dev.domstore.guard.config.GuardPolicy;
import dev.domstore.guard.domain.SnapshotObserver;
import dev.domstore.guard.domain.SnapshotState;
import dev.domstore.guard.domain.VolumeGroupSpaces;
import dev.domstore.guard.policy.Decision;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaInspection;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;

/**
 * A restart, without restarting Quarkus: a second, new worker (its own engine, empty state, a
 * consumer group of its own so that it gets every partition) starts against the same topics after
 * the running guard has asked for a step. It rebuilds from snapshot-usage and extend-requests and
 * does not ask for that step again, neither right after the rebuild nor on the next live report.
 */
@QuarkusTest
@WithTestResource(value = GuardInfrastructure.class, scope = TestResourceScope.GLOBAL)
class RestartRebuildTest {
    @Inject
    GuardRuntime runtime;
    @Inject
    GuardPolicy policy;
    @Inject
    ConfiguredOverrides overrides;
    /** The broker's admin: feeds the guard's topics as hosts and the inventory would, and reads what the guard published. */
    final KafkaAccess kafka = RealInfrastructure.kafka().admin();

    @Test
    void aRebuiltInstanceDoesNotAskAgainForAStepAlreadyAskedFor() throws Exception {
        runtime.awaitRebuilt(Duration.ofSeconds(30));
        String host = "guard-restart-" + UUID.randomUUID().toString().substring(0, 8);
        UUID asked = UUID.randomUUID();
        publish(kafka, usage(asked, host, "vg0", Instant.now(), GiB, 10 * GiB, 75.0));
        KafkaTestClient.awaitRecord(kafka, Topics.EXTEND_REQUESTS, r -> asked.toString().equals(r.key()), Duration.ofSeconds(20));

        String group = KafkaGrants.GUARD_GROUP_PREFIX + "-restart-test-" + UUID.randomUUID().toString().substring(0, 8);
        WorkerSettings settings = WorkerSettings.of(RealInfrastructure.kafka().as(KafkaBroker.GUARD).connection(), policy.messaging()).withGroupId(group);
        try (UsageWorker successor = UsageWorker.create(settings, policy.engineSettings(), policy.params(), overrides,
                new VolumeGroupSpaces(Duration.ofMinutes(2)), null, null, SnapshotObserver.NONE, Clock.systemUTC())) {
            successor.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> successor.engine().snapshot(asked)
                    .map(SnapshotState::decision).isPresent());
            assertEquals(Decision.Reason.OUTSTANDING, successor.engine().snapshot(asked).orElseThrow().decision().reason(),
                    "right after the rebuild: the step is known from extend-requests");

            publish(kafka, usage(asked, host, "vg0", Instant.now(), GiB, 10 * GiB, 76.0));
            await().atMost(Duration.ofSeconds(20)).until(() -> successor.engine().snapshot(asked).orElseThrow().last().dataPercent() == 76.0);
            assertEquals(Decision.Reason.OUTSTANDING, successor.engine().snapshot(asked).orElseThrow().decision().reason(),
                    "on the next live report");

            // Control: the successor does ask for steps nobody asked for (it and the running guard are
            // two independent guards here, in two groups, so each asks once).
            UUID fresh = UUID.randomUUID();
            publish(kafka, usage(fresh, host, "vg0", Instant.now(), GiB, 10 * GiB, 75.0));
            KafkaTestClient.awaitRecords(kafka, Topics.EXTEND_REQUESTS, r -> fresh.toString().equals(r.key()), 2,
                    Duration.ofSeconds(20));

            KafkaInspection.awaitCaughtUp(kafka, group, Topics.SNAPSHOT_USAGE, Duration.ofSeconds(20));
            KafkaInspection.awaitCaughtUp(kafka, "domstore-snapshot-guard", Topics.SNAPSHOT_USAGE, Duration.ofSeconds(20));
            assertEquals(1, requestsFor(kafka, asked).size(), "one request for the step (volume, 1 GiB), from either guard");
        }
    }
}
