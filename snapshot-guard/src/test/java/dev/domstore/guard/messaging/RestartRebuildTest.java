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

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.common.Topics;
import dev.domstore.guard.config.ConfiguredOverrides;
import dev.domstore.guard.config.GuardPolicy;
import dev.domstore.guard.domain.SnapshotObserver;
import dev.domstore.guard.domain.SnapshotState;
import dev.domstore.guard.domain.VolumeGroupSpaces;
import dev.domstore.guard.policy.Decision;
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
@WithTestResource(value = RealInfrastructure.class, scope = TestResourceScope.GLOBAL)
class RestartRebuildTest {
    @Inject
    GuardRuntime runtime;
    @Inject
    GuardPolicy policy;
    @Inject
    ConfiguredOverrides overrides;
    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void aRebuiltInstanceDoesNotAskAgainForAStepAlreadyAskedFor() throws Exception {
        runtime.awaitRebuilt(Duration.ofSeconds(30));
        String host = "guard-restart-" + UUID.randomUUID().toString().substring(0, 8);
        UUID asked = UUID.randomUUID();
        publish(bootstrap, usage(asked, host, "vg0", Instant.now(), GiB, 10 * GiB, 75.0));
        KafkaTestClient.awaitRecord(bootstrap, Topics.EXTEND_REQUESTS, r -> asked.toString().equals(r.key()), Duration.ofSeconds(20));

        String group = "guard-restart-test-" + UUID.randomUUID().toString().substring(0, 8);
        WorkerSettings settings = WorkerSettings.of(bootstrap, policy.messaging()).withGroupId(group);
        try (UsageWorker successor = UsageWorker.create(settings, policy.engineSettings(), policy.params(), overrides,
                new VolumeGroupSpaces(Duration.ofMinutes(2)), null, null, SnapshotObserver.NONE, Clock.systemUTC())) {
            successor.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> successor.engine().snapshot(asked)
                    .map(SnapshotState::decision).isPresent());
            assertEquals(Decision.Reason.OUTSTANDING, successor.engine().snapshot(asked).orElseThrow().decision().reason(),
                    "right after the rebuild: the step is known from extend-requests");

            publish(bootstrap, usage(asked, host, "vg0", Instant.now(), GiB, 10 * GiB, 76.0));
            await().atMost(Duration.ofSeconds(20)).until(() -> successor.engine().snapshot(asked).orElseThrow().last().dataPercent() == 76.0);
            assertEquals(Decision.Reason.OUTSTANDING, successor.engine().snapshot(asked).orElseThrow().decision().reason(),
                    "on the next live report");

            // Control: the successor does ask for steps nobody asked for (it and the running guard are
            // two independent guards here, in two groups, so each asks once).
            UUID fresh = UUID.randomUUID();
            publish(bootstrap, usage(fresh, host, "vg0", Instant.now(), GiB, 10 * GiB, 75.0));
            KafkaTestClient.awaitRecords(bootstrap, Topics.EXTEND_REQUESTS, r -> fresh.toString().equals(r.key()), 2,
                    Duration.ofSeconds(20));

            KafkaInspection.awaitCaughtUp(bootstrap, group, Topics.SNAPSHOT_USAGE, Duration.ofSeconds(20));
            KafkaInspection.awaitCaughtUp(bootstrap, "domstore-snapshot-guard", Topics.SNAPSHOT_USAGE, Duration.ofSeconds(20));
            assertEquals(1, requestsFor(bootstrap, asked).size(), "one request for the step (volume, 1 GiB), from either guard");
        }
    }
}
