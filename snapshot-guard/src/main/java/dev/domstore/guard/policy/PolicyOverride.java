package dev.domstore.guard.policy;

import java.time.Duration;

/**
 * What one snapshot changes of the policy; a null field keeps the default. Comes from
 * configuration today ({@code domstore.guard.overrides."<volume id>".threshold-percent=50}) and
 * from the inventory's API later: whatever produces it hands it to {@link PolicyParams#with}.
 */
public record PolicyOverride(
        Integer thresholdPercent,
        Integer stepPercent,
        Long minStepBytes,
        Boolean predictionEnabled,
        Double safetyFactor,
        Duration minInterval,
        Duration retryTimeout,
        Long chunkBytes) {

    public static final PolicyOverride NONE = new PolicyOverride(null, null, null, null, null, null, null, null);

    public static PolicyOverride threshold(int thresholdPercent) {
        return new PolicyOverride(thresholdPercent, null, null, null, null, null, null, null);
    }
}
