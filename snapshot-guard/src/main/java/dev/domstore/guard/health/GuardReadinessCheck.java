package dev.domstore.guard.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import dev.domstore.guard.domain.GuardEngine;
import dev.domstore.guard.domain.WatchedSnapshots;
import dev.domstore.guard.messaging.GuardRuntime;
import dev.domstore.guard.messaging.UsageWorker;

/**
 * Says what this service is and how many snapshots it is watching; down while its snapshot-usage
 * worker is not running (starting, or starting over after a failure). Kafka's own connection check
 * ({@code quarkus.kafka.health.enabled}) sits beside it in {@code /q/health/ready}.
 */
@Readiness
@ApplicationScoped
public class GuardReadinessCheck implements HealthCheck {
    static final String NAME = "snapshot-guard";

    @Inject
    WatchedSnapshots watched;
    @Inject
    GuardRuntime runtime;

    @Override
    public HealthCheckResponse call() {
        int count = watched.count();
        UsageWorker worker = runtime.worker();
        UsageWorker.Status status = worker == null ? UsageWorker.Status.STARTING : worker.status();
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME)
                .status(status == UsageWorker.Status.RUNNING)
                .withData("watchedSnapshots", count)
                .withData("summary", count == 0
                        ? "snapshot-guard: no snapshots watched yet"
                        : "snapshot-guard: watching " + count + " snapshot(s)")
                .withData("worker", status.name());
        if (worker != null) {
            GuardEngine engine = worker.engine();
            response.withData("partitions", worker.assignedPartitions().toString())
                    .withData("snapshotsAtRisk", engine.countAtRisk())
                    .withData("snapshotsInvalid", engine.countInvalid());
            if (worker.problem() != null) {
                response.withData("problem", worker.problem());
            }
        }
        if (runtime.policies() != null) {
            response.withData("policyOverrides", runtime.policies().policies().size())
                    .withData("policiesRead", runtime.policies().ready());
        }
        if (runtime.spaces() != null) {
            response.withData("volumeGroupsKnown", runtime.spaces().volumeGroups());
        }
        return response.build();
    }
}
