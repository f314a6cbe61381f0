package dev.domstore.guard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;

import dev.domstore.common.KafkaConnection;
import dev.domstore.guard.config.ConfiguredOverrides;
import dev.domstore.guard.config.GuardPolicy;
import dev.domstore.guard.domain.GuardEngine;
import dev.domstore.guard.domain.SnapshotObserver;
import dev.domstore.guard.domain.SnapshotPolicies;
import dev.domstore.guard.domain.VolumeGroupSpaces;
import dev.domstore.guard.domain.WatchedSnapshots;
import dev.domstore.guard.metrics.GuardMetrics;
import dev.domstore.guard.policy.PolicyOverrides;

/**
 * Starts this instance's host-report reader and snapshot-usage worker when the application starts,
 * and stops them when it stops. Start-up does not wait for Kafka: the worker retries, and readiness
 * (Kafka's check and the guard's own) says what is missing.
 */
@ApplicationScoped
public class GuardRuntime {
    private static final Logger LOG = Logger.getLogger(GuardRuntime.class);

    @Inject
    GuardPolicy policy;
    @Inject
    ConfiguredOverrides overrides;
    @Inject
    WatchedSnapshots watched;
    @Inject
    MeterRegistry registry;
    @Inject
    @Identifier("default-kafka-broker")
    Map<String, Object> kafka;

    private volatile HostReportReader hostReports;
    private volatile GuardPolicyReader policies;
    private volatile UsageWorker worker;
    private VolumeGroupSpaces spaces;

    void start(@Observes StartupEvent startup) {
        WorkerSettings settings = WorkerSettings.of(KafkaConnection.of(kafka), policy.messaging());
        Clock clock = Clock.systemUTC();
        spaces = new VolumeGroupSpaces(policy.engineSettings().holdFor());
        GuardMetrics metrics = new GuardMetrics(registry);
        hostReports = new HostReportReader(settings, spaces, clock);
        policies = new GuardPolicyReader(settings, new SnapshotPolicies(policy.params()), clock);
        worker = UsageWorker.create(settings, policy.engineSettings(), policy.params(),
                PolicyOverrides.layered(overrides, policies.policies()), spaces, hostReports, policies,
                SnapshotObserver.all(metrics, watched), clock);
        metrics.bind(worker.engine());
        hostReports.start();
        policies.start();
        worker.start();
        LOG.infof("snapshot-guard: group %s on %s; policy %s", settings.groupId(), settings.bootstrapServers(), policy.params());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (worker != null) {
            worker.close();
        }
        if (hostReports != null) {
            hostReports.close();
        }
        if (policies != null) {
            policies.close();
        }
    }

    public UsageWorker worker() {
        return worker;
    }

    public GuardEngine engine() {
        return worker == null ? null : worker.engine();
    }

    public VolumeGroupSpaces spaces() {
        return spaces;
    }

    public HostReportReader hostReports() {
        return hostReports;
    }

    /** The reader of the snapshots' own policies (domstore.guard-policies). */
    public GuardPolicyReader policies() {
        return policies;
    }

    /** For tests: waits until the worker has rebuilt at least one assignment. */
    public boolean awaitRebuilt(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (worker != null && worker.rebuilds() > 0) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }
}
