package dev.domstore.guard.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The effective policy for one snapshot: the configured defaults with that snapshot's override, if
 * any, applied. A plain value, so the policy is tested without configuration or Kafka.
 *
 * @param enabled           false: the guard never asks to extend the snapshot (an operator leaves it
 *                          to LVM's dmeventd, or to nobody); only a per-snapshot override sets it
 * @param thresholdPercent  extend when the differences area is this full, as lvm.conf's
 *                          {@code snapshot_autoextend_threshold}: 50 to 100, where 100 turns the
 *                          threshold off (the prediction still runs)
 * @param stepPercent       grow by this percent of the current size, as lvm.conf's
 *                          {@code snapshot_autoextend_percent}
 * @param minStepBytes      and by at least this many bytes
 * @param predictionEnabled extend early when the fill rate says the area would be full before an
 *                          extension could land
 * @param safetyFactor      the prediction fires when the time to full is shorter than this many
 *                          expected reaction times
 * @param minInterval       size a step so that, at the current fill rate, the next one is not
 *                          needed sooner than this
 * @param retryTimeout      a step asked for and not yet seen done is asked for again only after this
 * @param chunkBytes        the snapshots' chunk size, for the ceiling (lvcreate's default: 4 KiB,
 *                          which also gives the largest metadata overhead)
 * @param leakAllowance     add lvm's allowance for kernels whose dm-snapshot can leak space on a
 *                          crash (those without SNAPSHOT_FEATURE_FIXED_LEAK), about 1.6 %
 */
public record PolicyParams(
        boolean enabled,
        int thresholdPercent,
        int stepPercent,
        long minStepBytes,
        boolean predictionEnabled,
        double safetyFactor,
        Duration minInterval,
        Duration retryTimeout,
        long chunkBytes,
        boolean leakAllowance) {

    /** lvm.conf's defaults where lvm has one (threshold 70 in its example, step 20), ours elsewhere. */
    public static final PolicyParams DEFAULTS = new PolicyParams(true, 70, 20, 64L << 20, true, 3.0, Duration.ofSeconds(30),
            Duration.ofSeconds(30), 4096, false);

    public PolicyParams {
        Objects.requireNonNull(minInterval, "minInterval");
        Objects.requireNonNull(retryTimeout, "retryTimeout");
        if (thresholdPercent < 50 || thresholdPercent > 100) {
            throw new IllegalArgumentException("threshold-percent must be between 50 and 100 (100 turns the threshold off, "
                    + "as snapshot_autoextend_threshold in lvm.conf), not " + thresholdPercent);
        }
        if (stepPercent < 0 || stepPercent > 1000) {
            throw new IllegalArgumentException("step-percent must be between 0 and 1000, not " + stepPercent);
        }
        if (minStepBytes < 0) {
            throw new IllegalArgumentException("min-step must not be negative, not " + minStepBytes);
        }
        if (!(safetyFactor >= 1.0) || safetyFactor > 100) {
            throw new IllegalArgumentException("safety-factor must be between 1 and 100, not " + safetyFactor);
        }
        if (minInterval.isNegative() || retryTimeout.isNegative() || retryTimeout.isZero()) {
            throw new IllegalArgumentException("min-interval must not be negative and retry-timeout must be positive");
        }
        if (chunkBytes < 4096 || chunkBytes > 512 * 1024 || Long.bitCount(chunkBytes) != 1) {
            throw new IllegalArgumentException("chunk-size must be a power of two from 4K to 512K (lvcreate --chunksize), not "
                    + chunkBytes);
        }
    }

    /** These parameters with whatever {@code override} sets; {@code null} changes nothing. */
    public PolicyParams with(PolicyOverride override) {
        if (override == null) {
            return this;
        }
        return new PolicyParams(
                override.enabled() != null ? override.enabled() : enabled,
                override.thresholdPercent() != null ? override.thresholdPercent() : thresholdPercent,
                override.stepPercent() != null ? override.stepPercent() : stepPercent,
                override.minStepBytes() != null ? override.minStepBytes() : minStepBytes,
                override.predictionEnabled() != null ? override.predictionEnabled() : predictionEnabled,
                override.safetyFactor() != null ? override.safetyFactor() : safetyFactor,
                override.minInterval() != null ? override.minInterval() : minInterval,
                override.retryTimeout() != null ? override.retryTimeout() : retryTimeout,
                override.chunkBytes() != null ? override.chunkBytes() : chunkBytes,
                leakAllowance);
    }
}
