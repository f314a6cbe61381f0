package dev.domstore.guard.metrics;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

import dev.domstore.guard.domain.GuardEngine;
import dev.domstore.guard.domain.SnapshotObserver;
import dev.domstore.guard.domain.SnapshotState;
import dev.domstore.guard.policy.Decision;

/**
 * The guard's Prometheus metrics (at {@code /q/metrics}):
 * <ul>
 * <li>per snapshot, tagged {@code volume}, {@code host}, {@code snapshot} (vg/name):
 * {@code domstore_guard_snapshot_fill_percent}, {@code domstore_guard_snapshot_fill_rate_bytes_per_second},
 * {@code domstore_guard_snapshot_seconds_to_full} (NaN when not filling),
 * {@code domstore_guard_snapshot_cow_bytes};</li>
 * <li>{@code domstore_guard_extend_requests_total{reason, retry}}, {@code domstore_guard_extend_request_failures_total},
 * {@code domstore_guard_snapshots_invalidated_total};</li>
 * <li>gauges {@code domstore_guard_snapshots_watched}, {@code domstore_guard_snapshots_at_risk},
 * {@code domstore_guard_snapshots_invalid}, and {@code domstore_guard_reaction_seconds{host}}.</li>
 * </ul>
 */
public class GuardMetrics implements SnapshotObserver {
    private final MeterRegistry registry;
    private final Map<UUID, List<Meter>> perSnapshot = new ConcurrentHashMap<>();
    private final Map<String, Meter> reactionGauges = new ConcurrentHashMap<>();
    private final Map<String, Double> reactionSeconds = new ConcurrentHashMap<>();

    public GuardMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The gauges over all snapshots of {@code engine}. */
    public void bind(GuardEngine engine) {
        Gauge.builder("domstore.guard.snapshots.watched", engine, e -> e.snapshots().size())
                .description("Snapshots this instance watches (those of its snapshot-usage partitions)").strongReference(true)
                .register(registry);
        Gauge.builder("domstore.guard.snapshots.at.risk", engine, GuardEngine::countAtRisk)
                .description("Snapshots that may overflow: the volume group cannot hold the growth, or they fill faster than a host reacts")
                .strongReference(true).register(registry);
        Gauge.builder("domstore.guard.snapshots.invalid", engine, GuardEngine::countInvalid)
                .description("Watched snapshots that overflowed (invalid, data lost)").strongReference(true).register(registry);
    }

    @Override
    public void watching(SnapshotState snapshot) {
        Tags tags = Tags.of("volume", snapshot.volumeId().toString(), "host", snapshot.last().hostId(),
                "snapshot", snapshot.displayName());
        perSnapshot.computeIfAbsent(snapshot.volumeId(), id -> List.of(
                gauge("domstore.guard.snapshot.fill.percent", "Fill of the differences area, 0 to 100", tags, snapshot,
                        s -> s.last().dataPercent()),
                gauge("domstore.guard.snapshot.fill.rate.bytes.per.second", "The fill rate the guard plans with", tags, snapshot,
                        s -> s.estimate().bytesPerSecond()),
                gauge("domstore.guard.snapshot.seconds.to.full", "Predicted seconds until full at that rate; NaN when not filling",
                        tags, snapshot, s -> s.estimate().secondsToFull() == null ? Double.NaN : s.estimate().secondsToFull()),
                gauge("domstore.guard.snapshot.cow.bytes", "Size of the differences area", tags, snapshot,
                        s -> s.last().cowSizeBytes())));
    }

    @Override
    public void forgotten(SnapshotState snapshot) {
        List<Meter> meters = perSnapshot.remove(snapshot.volumeId());
        if (meters != null) {
            meters.forEach(registry::remove);
        }
    }

    @Override
    public void requested(SnapshotState snapshot, Decision decision) {
        Counter.builder("domstore.guard.extend.requests").description("Extend requests published, by reason")
                .tags("reason", decision.reason().name(), "retry", Boolean.toString(decision.retry()))
                .register(registry).increment();
    }

    @Override
    public void publishFailed(SnapshotState snapshot) {
        Counter.builder("domstore.guard.extend.request.failures").description("Extend requests that could not be published")
                .register(registry).increment();
    }

    @Override
    public void invalidated(SnapshotState snapshot) {
        Counter.builder("domstore.guard.snapshots.invalidated").description("Snapshots seen invalid (overflowed)")
                .register(registry).increment();
    }

    @Override
    public void reactionMeasured(String hostId, double sampleSeconds, double averageSeconds) {
        reactionSeconds.put(hostId, averageSeconds);
        reactionGauges.computeIfAbsent(hostId, host -> Gauge.builder("domstore.guard.reaction.seconds", reactionSeconds,
                        values -> values.getOrDefault(host, Double.NaN))
                .description("A host's expected reaction time: request to larger size seen (EWMA)")
                .tags("host", host).strongReference(true).register(registry));
    }

    private Meter gauge(String name, String description, Tags tags, SnapshotState snapshot, ToDoubleFunction<SnapshotState> value) {
        return Gauge.builder(name, snapshot, value).description(description).tags(tags).strongReference(true).register(registry);
    }
}
