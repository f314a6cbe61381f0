package dev.domstore.inventory.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

import dev.domstore.common.messages.SnapshotGuardPolicy;

/**
 * A snapshot's own snapshot-guard policy: what it overrides of the guard's global policy; a null
 * field keeps the global value. Embedded in {@link Volume}: a volume whose columns are all null has
 * none (the global policy applies), and Hibernate then loads {@code volume.guardPolicy} as null.
 * The limits are common's {@code GuardPolicyRules}.
 */
@Embeddable
public class GuardPolicyOverride {
    /** False: the guard never asks to extend the snapshot (LVM's dmeventd, or nobody, manages it). */
    @Column(name = "guard_enabled")
    public Boolean enabled;
    @Column(name = "guard_threshold_percent")
    public Integer thresholdPercent;
    @Column(name = "guard_step_percent")
    public Integer stepPercent;
    @Column(name = "guard_minimum_step_bytes")
    public Long minimumStepBytes;
    @Column(name = "guard_prediction_enabled")
    public Boolean predictionEnabled;
    @Column(name = "guard_safety_factor")
    public Double safetyFactor;
    @Column(name = "guard_minimum_interval_ms")
    public Long minimumIntervalMillis;
    @Column(name = "guard_retry_timeout_ms")
    public Long retryTimeoutMillis;
    @Column(name = "guard_chunk_size_bytes")
    public Long chunkSizeBytes;
    /** When it was last set; never null on a stored override. */
    @Column(name = "guard_policy_updated_at")
    public Instant updatedAt;

    public Duration minimumInterval() {
        return minimumIntervalMillis == null ? null : Duration.ofMillis(minimumIntervalMillis);
    }

    public Duration retryTimeout() {
        return retryTimeoutMillis == null ? null : Duration.ofMillis(retryTimeoutMillis);
    }

    /** Whether {@code other} says the same thing (when it was set aside). */
    public boolean sameSettingsAs(GuardPolicyOverride other) {
        return other != null && Objects.equals(enabled, other.enabled) && Objects.equals(thresholdPercent, other.thresholdPercent)
                && Objects.equals(stepPercent, other.stepPercent) && Objects.equals(minimumStepBytes, other.minimumStepBytes)
                && Objects.equals(predictionEnabled, other.predictionEnabled) && Objects.equals(safetyFactor, other.safetyFactor)
                && Objects.equals(minimumIntervalMillis, other.minimumIntervalMillis)
                && Objects.equals(retryTimeoutMillis, other.retryTimeoutMillis) && Objects.equals(chunkSizeBytes, other.chunkSizeBytes);
    }

    /** The override of {@code snapshot} as the guard reads it from {@code domstore.guard-policies}. */
    public SnapshotGuardPolicy toMessage(Volume snapshot, UUID messageId, Instant at) {
        return new SnapshotGuardPolicy(messageId, snapshot.id, snapshot.hostId, at, snapshot.volumeGroup, snapshot.name, enabled,
                thresholdPercent, stepPercent, minimumStepBytes, predictionEnabled, safetyFactor, minimumIntervalMillis,
                retryTimeoutMillis, chunkSizeBytes);
    }
}
