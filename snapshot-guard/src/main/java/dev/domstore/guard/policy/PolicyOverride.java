package dev.domstore.guard.policy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.common.validation.Durations;
import dev.domstore.common.validation.Sizes;

/**
 * What one snapshot changes of the policy; a null field keeps the default. Comes from the
 * inventory's API ({@code PUT /api/v1/volumes/{id}/guard-policy}, read from
 * {@code domstore.guard-policies}: {@link #of(SnapshotGuardPolicy)}) and from configuration
 * ({@code domstore.guard.overrides."<volume id>".threshold-percent=50}); whatever produces it hands
 * it to {@link PolicyParams#with}.
 *
 * @param enabled false: the guard never asks to extend the snapshot
 */
public record PolicyOverride(
        Boolean enabled,
        Integer thresholdPercent,
        Integer stepPercent,
        Long minStepBytes,
        Boolean predictionEnabled,
        Double safetyFactor,
        Duration minInterval,
        Duration retryTimeout,
        Long chunkBytes) {

    public static final PolicyOverride NONE = new PolicyOverride(null, null, null, null, null, null, null, null, null);

    public static PolicyOverride threshold(int thresholdPercent) {
        return new PolicyOverride(null, thresholdPercent, null, null, null, null, null, null, null);
    }

    public static PolicyOverride disabled() {
        return new PolicyOverride(false, null, null, null, null, null, null, null, null);
    }

    /** The override the inventory published for a snapshot. */
    public static PolicyOverride of(SnapshotGuardPolicy policy) {
        return new PolicyOverride(policy.enabled(), policy.thresholdPercent(), policy.stepPercent(), policy.minimumStepBytes(),
                policy.predictionEnabled(), policy.safetyFactor(),
                policy.minimumIntervalMillis() == null ? null : Duration.ofMillis(policy.minimumIntervalMillis()),
                policy.retryTimeoutMillis() == null ? null : Duration.ofMillis(policy.retryTimeoutMillis()),
                policy.chunkSizeBytes());
    }

    /** This override with {@code over} laid on top: what {@code over} sets wins, field by field. */
    public PolicyOverride and(PolicyOverride over) {
        if (over == null) {
            return this;
        }
        return new PolicyOverride(
                over.enabled != null ? over.enabled : enabled,
                over.thresholdPercent != null ? over.thresholdPercent : thresholdPercent,
                over.stepPercent != null ? over.stepPercent : stepPercent,
                over.minStepBytes != null ? over.minStepBytes : minStepBytes,
                over.predictionEnabled != null ? over.predictionEnabled : predictionEnabled,
                over.safetyFactor != null ? over.safetyFactor : safetyFactor,
                over.minInterval != null ? over.minInterval : minInterval,
                over.retryTimeout != null ? over.retryTimeout : retryTimeout,
                over.chunkBytes != null ? over.chunkBytes : chunkBytes);
    }

    /** What it sets, for a log line: {@code enabled=false, threshold 50%, min-step 128M}; "nothing" when nothing. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        if (enabled != null) {
            parts.add("enabled=" + enabled);
        }
        if (thresholdPercent != null) {
            parts.add("threshold " + thresholdPercent + "%");
        }
        if (stepPercent != null) {
            parts.add("step " + stepPercent + "%");
        }
        if (minStepBytes != null) {
            parts.add("min-step " + Sizes.format(minStepBytes));
        }
        if (predictionEnabled != null) {
            parts.add("prediction " + (predictionEnabled ? "on" : "off"));
        }
        if (safetyFactor != null) {
            parts.add("safety-factor " + safetyFactor);
        }
        if (minInterval != null) {
            parts.add("min-interval " + Durations.format(minInterval));
        }
        if (retryTimeout != null) {
            parts.add("retry-timeout " + Durations.format(retryTimeout));
        }
        if (chunkBytes != null) {
            parts.add("chunk-size " + Sizes.format(chunkBytes));
        }
        return parts.isEmpty() ? "nothing" : String.join(", ", parts);
    }
}
