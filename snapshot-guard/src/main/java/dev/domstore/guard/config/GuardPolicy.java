package dev.domstore.guard.config;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import dev.domstore.guard.domain.EngineSettings;
import dev.domstore.guard.policy.PolicyOverride;
import dev.domstore.guard.policy.PolicyParams;

/**
 * The guard's configuration, {@code domstore.guard.*}; every value has its default here and can be
 * set by an environment variable ({@code DOMSTORE_GUARD_THRESHOLD_PERCENT=80}). The formulas are in
 * {@link dev.domstore.guard.policy.ExtendPolicy}.
 */
@ConfigMapping(prefix = "domstore.guard")
public interface GuardPolicy {

    /** lvm.conf's {@code snapshot_autoextend_threshold}: 50–100, 100 turns the threshold off. */
    @WithDefault("70")
    int thresholdPercent();

    /** lvm.conf's {@code snapshot_autoextend_percent}. */
    @WithDefault("20")
    int stepPercent();

    /** Every step grows the area by at least this much. */
    @WithDefault("64M")
    MemorySize minStep();

    /** A step asked for and not seen done is asked for again after this (safe: the inventory acts on a step once). */
    @WithDefault("30s")
    Duration retryTimeout();

    Prediction prediction();

    Ceiling ceiling();

    Messaging messaging();

    /**
     * Per-snapshot overrides in configuration, keyed by volume id:
     * {@code domstore.guard.overrides."0b8e8c4c-…".threshold-percent=50}. The inventory's API
     * ({@code PUT /api/v1/volumes/{id}/guard-policy}, through {@code domstore.guard-policies}) is the
     * usual way; where both set a field, the API's wins.
     */
    Map<String, Override> overrides();

    interface Prediction {
        /** Extend before the threshold when the fill rate says the snapshot would be full before an extension lands. */
        @WithDefault("true")
        boolean enabled();

        /** The prediction fires when the time to full is below this many expected reaction times. */
        @WithDefault("3")
        double safetyFactor();

        /** A host's reaction time (request → larger area seen) until one is measured. */
        @WithDefault("3s")
        Duration defaultReactionTime();

        /** Weight of a measured reaction slower than the average (it rises fast)... */
        @WithDefault("0.5")
        double reactionRiseWeight();

        /** ...and of a faster one (it falls slowly). */
        @WithDefault("0.1")
        double reactionFallWeight();

        /** Measured reactions are capped here (an outage is not a reaction time). */
        @WithDefault("120s")
        Duration maxReactionTime();

        /** Size a step so that, at the current rate, the next one is not needed sooner than this. */
        @WithDefault("30s")
        Duration minInterval();

        /** The short window of the fill rate (see FillRate). */
        @WithDefault("1s")
        Duration shortWindow();

        /** The long window of the fill rate. */
        @WithDefault("30s")
        Duration longWindow();

        /** Cap of the detection interval (the longest recent gap between usage reports). */
        @WithDefault("10s")
        Duration maxDetectionInterval();
    }

    interface Ceiling {
        /** Chunk size assumed for the origin ceiling; 4K (lvcreate's default) gives the largest metadata overhead. */
        @WithDefault("4K")
        MemorySize chunkSize();

        /** Add lvm's allowance for kernels without SNAPSHOT_FEATURE_FIXED_LEAK (about 1.6 % more). */
        @WithDefault("false")
        boolean leakAllowance();

        /** Extent size when no host report names the snapshot's volume group (lvm's default). */
        @WithDefault("4M")
        MemorySize defaultExtentSize();
    }

    interface Messaging {
        /**
         * The consumer group of all guard instances; partitions of snapshot-usage are shared among them. Its
         * Kafka user may use groups whose name starts with {@code domstore-snapshot-guard} (KafkaGrants.forGuard).
         */
        @WithDefault("domstore-snapshot-guard")
        String groupId();

        /** Partitions of snapshot-usage and extend-requests when the guard creates them; the broker's default when absent. */
        OptionalInt topicPartitions();

        /** How far back extend-requests is read on a partition assignment; must exceed every retry timeout. */
        @WithDefault("1h")
        Duration requestsLookback();

        /** How far back host-reports is read on start for the volume groups' free space. */
        @WithDefault("10m")
        Duration hostReportsLookback();

        /** Right after a rebuild, snapshots whose last report is older than this are not acted on. */
        @WithDefault("2m")
        Duration staleAfter();

        /** How long to wait for the broker's acknowledgement of a request. */
        @WithDefault("15s")
        Duration publishTimeout();

        /** How long start-up waits for the host reports to be read before deciding anything. */
        @WithDefault("15s")
        Duration hostReportsWait();

        /**
         * How long start-up waits for the snapshots' own policies ({@code domstore.guard-policies}) to
         * be read before deciding anything; after it, the guard decides by the global policy until they are.
         */
        @WithDefault("60s")
        Duration policiesWait();
    }

    /** What one volume may change; absent values keep the defaults. */
    interface Override {
        /** false: the guard never asks to extend this snapshot. */
        Optional<Boolean> enabled();

        OptionalInt thresholdPercent();

        OptionalInt stepPercent();

        Optional<MemorySize> minStep();

        Optional<Boolean> predictionEnabled();

        OptionalDouble safetyFactor();

        Optional<Duration> minInterval();

        Optional<Duration> retryTimeout();

        Optional<MemorySize> chunkSize();

        default PolicyOverride toPolicyOverride() {
            return new PolicyOverride(
                    enabled().orElse(null),
                    thresholdPercent().isPresent() ? thresholdPercent().getAsInt() : null,
                    stepPercent().isPresent() ? stepPercent().getAsInt() : null,
                    minStep().map(MemorySize::asLongValue).orElse(null),
                    predictionEnabled().orElse(null),
                    safetyFactor().isPresent() ? safetyFactor().getAsDouble() : null,
                    minInterval().orElse(null),
                    retryTimeout().orElse(null),
                    chunkSize().map(MemorySize::asLongValue).orElse(null));
        }
    }

    /** The default policy as a plain value. */
    default PolicyParams params() {
        return new PolicyParams(true, thresholdPercent(), stepPercent(), minStep().asLongValue(), prediction().enabled(),
                prediction().safetyFactor(), prediction().minInterval(), retryTimeout(), ceiling().chunkSize().asLongValue(),
                ceiling().leakAllowance());
    }

    default EngineSettings engineSettings() {
        return new EngineSettings(prediction().shortWindow(), prediction().longWindow(), prediction().maxDetectionInterval(),
                prediction().defaultReactionTime(), prediction().reactionRiseWeight(), prediction().reactionFallWeight(),
                prediction().maxReactionTime(), ceiling().defaultExtentSize().asLongValue(), messaging().staleAfter(),
                retryTimeout().multipliedBy(4));
    }
}
