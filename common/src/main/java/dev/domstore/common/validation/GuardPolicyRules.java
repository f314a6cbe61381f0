package dev.domstore.common.validation;

import java.time.Duration;

import dev.domstore.common.messages.SnapshotGuardPolicy;

/**
 * What a snapshot's own guard policy may say, checked by the inventory before it accepts one (a
 * refusal names the field and how to fix it) and by the guard when it reads one. The field names
 * are the API's and {@link SnapshotGuardPolicy}'s.
 */
public final class GuardPolicyRules {
    public static final int MIN_THRESHOLD_PERCENT = 50;
    public static final int MAX_THRESHOLD_PERCENT = 100;
    public static final int MIN_STEP_PERCENT = 1;
    public static final int MAX_STEP_PERCENT = 1000;
    public static final double MIN_SAFETY_FACTOR = 1;
    public static final double MAX_SAFETY_FACTOR = 100;
    public static final Duration MAX_MINIMUM_INTERVAL = Duration.ofHours(24);
    public static final Duration MIN_RETRY_TIMEOUT = Duration.ofSeconds(1);
    /** The guard reads back this much of {@code domstore.extend-requests} on start (its default requests-lookback). */
    public static final Duration MAX_RETRY_TIMEOUT = Duration.ofHours(1);
    public static final long MIN_CHUNK_BYTES = 4L << 10;
    public static final long MAX_CHUNK_BYTES = 512L << 10;

    /** Every field of an override, in the order the API documents them. */
    public static final String FIELDS = "enabled, thresholdPercent, stepPercent, minimumStep, predictionEnabled, safetyFactor, "
            + "minimumInterval, retryTimeout, chunkSize";

    private GuardPolicyRules() {
    }

    public static int thresholdPercent(int percent) {
        if (percent < MIN_THRESHOLD_PERCENT || percent > MAX_THRESHOLD_PERCENT) {
            throw invalid("thresholdPercent", "'thresholdPercent' must be a whole number from " + MIN_THRESHOLD_PERCENT + " to "
                    + MAX_THRESHOLD_PERCENT + ", as snapshot_autoextend_threshold in lvm.conf (100 turns the threshold off; the "
                    + "prediction still runs); got " + percent + "." + (percent < MIN_THRESHOLD_PERCENT
                            ? " To extend earlier than at 50 %, keep the prediction on (it works at any fill level) or raise stepPercent."
                            : ""));
        }
        return percent;
    }

    public static int stepPercent(int percent) {
        if (percent < MIN_STEP_PERCENT || percent > MAX_STEP_PERCENT) {
            throw invalid("stepPercent", "'stepPercent' must be a whole number from " + MIN_STEP_PERCENT + " to " + MAX_STEP_PERCENT
                    + " (the percent of the current size each step adds, as snapshot_autoextend_percent in lvm.conf); got " + percent
                    + "." + (percent <= 0 ? " To grow by a fixed amount only, set a small stepPercent and a larger minimumStep." : ""));
        }
        return percent;
    }

    public static long minimumStepBytes(long bytes) {
        if (bytes <= 0 || bytes > Sizes.MAX_BYTES || bytes % Sizes.SECTOR != 0) {
            throw invalid("minimumStep", "'minimumStep' must be a size larger than zero, a whole number of 512-byte sectors, "
                    + "at most 1P, such as 64M; got " + bytes + " bytes.");
        }
        return bytes;
    }

    public static double safetyFactor(double factor) {
        if (!(factor >= MIN_SAFETY_FACTOR && factor <= MAX_SAFETY_FACTOR)) {
            throw invalid("safetyFactor", "'safetyFactor' must be a number from 1 to 100 (the prediction fires when the snapshot "
                    + "would be full within this many expected reaction times; 3 by default); got " + factor + ".");
        }
        return factor;
    }

    public static Duration minimumInterval(Duration interval) {
        if (interval.isNegative() || interval.compareTo(MAX_MINIMUM_INTERVAL) > 0) {
            throw invalid("minimumInterval", "'minimumInterval' must be from 0s to 24h (each step is sized so that, at the measured "
                    + "fill rate, the next one is not needed sooner than this; 30s by default); got " + Durations.format(interval) + ".");
        }
        return interval;
    }

    public static Duration retryTimeout(Duration timeout) {
        if (timeout.compareTo(MIN_RETRY_TIMEOUT) < 0 || timeout.compareTo(MAX_RETRY_TIMEOUT) > 0) {
            throw invalid("retryTimeout", "'retryTimeout' must be from 1s to 1h (a step asked for and not seen done is asked for "
                    + "again after this; the guard remembers its requests for 1h); got " + Durations.format(timeout) + ".");
        }
        return timeout;
    }

    public static long chunkSizeBytes(long bytes) {
        if (bytes < MIN_CHUNK_BYTES || bytes > MAX_CHUNK_BYTES || Long.bitCount(bytes) != 1) {
            throw invalid("chunkSize", "'chunkSize' must be the snapshot's chunk size as lvcreate --chunksize takes it: a power of "
                    + "two from 4K to 512K, such as 4K (lvcreate's default) or 64K; got " + Sizes.format(bytes) + ".");
        }
        return bytes;
    }

    /**
     * Checks every field that is present. Throws {@link InvalidInputException} naming the first bad
     * field; an override that sets nothing is refused too (it is the global policy: remove it instead).
     */
    public static void check(SnapshotGuardPolicy policy) {
        if (policy.volumeId() == null) {
            throw invalid("volumeId", "A guard policy needs the volume id of its snapshot.");
        }
        if (policy.enabled() == null && policy.thresholdPercent() == null && policy.stepPercent() == null
                && policy.minimumStepBytes() == null && policy.predictionEnabled() == null && policy.safetyFactor() == null
                && policy.minimumIntervalMillis() == null && policy.retryTimeoutMillis() == null && policy.chunkSizeBytes() == null) {
            throw invalid("body", "The guard policy sets nothing, so it would be the global policy. Set at least one of " + FIELDS
                    + "; or, to go back to the global policy, DELETE the snapshot's guard policy.");
        }
        if (policy.thresholdPercent() != null) {
            thresholdPercent(policy.thresholdPercent());
        }
        if (policy.stepPercent() != null) {
            stepPercent(policy.stepPercent());
        }
        if (policy.minimumStepBytes() != null) {
            minimumStepBytes(policy.minimumStepBytes());
        }
        if (policy.safetyFactor() != null) {
            safetyFactor(policy.safetyFactor());
        }
        if (policy.minimumIntervalMillis() != null) {
            minimumInterval(Duration.ofMillis(policy.minimumIntervalMillis()));
        }
        if (policy.retryTimeoutMillis() != null) {
            retryTimeout(Duration.ofMillis(policy.retryTimeoutMillis()));
        }
        if (policy.chunkSizeBytes() != null) {
            chunkSizeBytes(policy.chunkSizeBytes());
        }
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.FIELD, field, message);
    }
}
