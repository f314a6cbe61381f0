package dev.domstore.guard.rest;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.guard.domain.SnapshotState;
import dev.domstore.guard.policy.Decision;
import dev.domstore.guard.policy.EffectivePolicy;
import dev.domstore.guard.policy.FillEstimate;
import dev.domstore.guard.policy.Outstanding;

/**
 * What the guard knows and last decided about one snapshot. {@code policy} is {@code override} when
 * the last decision followed the snapshot's own policy ({@code policyOverride} says what it sets),
 * {@code global} otherwise.
 */
public record SnapshotStatus(
        UUID volumeId,
        String hostId,
        String volumeGroup,
        String name,
        long cowSizeBytes,
        long originSizeBytes,
        double dataPercent,
        boolean invalid,
        Instant reportedAt,
        long usedBytes,
        double fillRateBytesPerSecond,
        Double secondsToFull,
        String lastDecision,
        String lastReason,
        long lastToCowBytes,
        List<String> risks,
        String explanation,
        Instant decidedAt,
        Long outstandingToCowBytes,
        Instant outstandingSince,
        String policy,
        String policyOverride) {

    static SnapshotStatus of(SnapshotState state, Outstanding outstanding) {
        SnapshotUsage usage = state.last();
        FillEstimate fill = state.estimate();
        Decision decision = state.decision();
        EffectivePolicy policy = state.policy();
        return new SnapshotStatus(state.volumeId(), usage.hostId(), usage.volumeGroup(), usage.name(), usage.cowSizeBytes(),
                usage.originSizeBytes(), usage.dataPercent(), state.invalid(), usage.occurredAt(), fill.usedBytes(),
                fill.bytesPerSecond(), fill.secondsToFull(),
                decision == null ? null : decision.action().name(),
                decision == null ? null : decision.reason().name(),
                decision == null ? usage.cowSizeBytes() : decision.toCowBytes(),
                decision == null ? List.of() : decision.risks().stream().map(Enum::name).sorted().toList(),
                decision == null ? null : decision.explanation(),
                state.decidedAt(),
                outstanding == null ? null : outstanding.toCowBytes(),
                outstanding == null ? null : outstanding.requestedAt(),
                policy == null ? null : policy.source(),
                policy == null || !policy.overridden() ? null : policy.override().describe());
    }
}
