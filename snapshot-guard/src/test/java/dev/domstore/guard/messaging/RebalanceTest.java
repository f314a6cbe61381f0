package dev.domstore.guard.messaging;

import static dev.domstore.guard.messaging.GuardTestSupport.GiB;
import static dev.domstore.guard.messaging.GuardTestSupport.publish;
import static dev.domstore.guard.messaging.GuardTestSupport.requestsFor;
import static dev.domstore.guard.messaging.GuardTestSupport.usage;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

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
 * Scaling out: a second instance joins the running guard's consumer group, takes some partitions
 * (rebuilding them, and reading what the first instance asked for), then leaves, and the first
 * takes them back. Throughout, no step is asked for twice.
 */
@QuarkusTest
@WithTestResource(value = GuardInfrastructure.class, scope = TestResourceScope.GLOBAL)
class RebalanceTest {
    private static final String GROUP = "domstore-snapshot-guard";

    @Inject
    GuardRuntime runtime;
    @Inject
    GuardPolicy policy;
    @Inject
    ConfiguredOverrides overrides;
    /** The broker's admin: feeds the guard's topics as hosts and the inventory would, and reads what the guard published. */
    final KafkaAccess kafka = RealInfrastructure.kafka().admin();

    @Test
    void partitionsChangeHandsWithoutAStepAskedForTwice() throws Exception {
        assertTrue(runtime.awaitRebuilt(Duration.ofSeconds(30)));
        String host = "guard-rebalance-" + UUID.randomUUID().toString().substring(0, 8);
        List<UUID> volumes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            UUID id = UUID.randomUUID();
            volumes.add(id);
            publish(kafka, usage(id, host, "vg0", Instant.now(), GiB, 10 * GiB, 75.0));
        }
        Set<String> keys = new HashSet<>(volumes.stream().map(UUID::toString).toList());
        KafkaTestClient.awaitRecords(kafka, Topics.EXTEND_REQUESTS, r -> keys.contains(r.key()), 8, Duration.ofSeconds(30));
        int partitions = runtime.worker().assignedPartitions().size();

        WorkerSettings settings = WorkerSettings.of(RealInfrastructure.kafka().as(KafkaBroker.GUARD).connection(), policy.messaging()); // the same group
        try (UsageWorker second = UsageWorker.create(settings, policy.engineSettings(), policy.params(), overrides,
                new VolumeGroupSpaces(Duration.ofMinutes(2)), null, null, SnapshotObserver.NONE, Clock.systemUTC())) {
            second.start();
            await().atMost(Duration.ofSeconds(40)).until(() -> !second.assignedPartitions().isEmpty()
                    && split(runtime.worker().assignedPartitions(), second.assignedPartitions(), partitions));

            for (UUID id : volumes) {
                publish(kafka, usage(id, host, "vg0", Instant.now(), GiB, 10 * GiB, 76.0));
            }
            KafkaInspection.awaitCaughtUp(kafka, GROUP, Topics.SNAPSHOT_USAGE, Duration.ofSeconds(30));
            for (SnapshotState state : second.engine().snapshots()) {
                if (volumes.contains(state.volumeId())) {
                    assertEquals(Decision.Reason.OUTSTANDING, state.decision().reason(), "the new owner knows the step");
                }
            }
            assertTrue(second.engine().snapshots().stream().anyMatch(s -> volumes.contains(s.volumeId())),
                    "the second instance owns some of the snapshots");
        }
        await().atMost(Duration.ofSeconds(40)).until(() -> runtime.worker().assignedPartitions().size() == partitions);
        for (UUID id : volumes) {
            publish(kafka, usage(id, host, "vg0", Instant.now(), GiB, 10 * GiB, 77.0));
        }
        KafkaInspection.awaitCaughtUp(kafka, GROUP, Topics.SNAPSHOT_USAGE, Duration.ofSeconds(30));
        for (UUID id : volumes) {
            assertEquals(1, requestsFor(kafka, id).size(), "one request for volume " + id);
            assertEquals(Decision.Reason.OUTSTANDING, runtime.engine().snapshot(id).orElseThrow().decision().reason());
        }
    }

    private static boolean split(Set<Integer> first, Set<Integer> second, int total) {
        Set<Integer> all = new HashSet<>(first);
        all.addAll(second);
        return all.size() == total && first.size() + second.size() == total && !first.isEmpty();
    }
}
