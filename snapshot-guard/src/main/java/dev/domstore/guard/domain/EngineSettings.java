package dev.domstore.guard.domain;

import java.time.Duration;

/**
 * The engine's settings that are not per-snapshot policy.
 *
 * @param shortWindow          see {@link dev.domstore.guard.policy.FillRate}
 * @param longWindow           see {@link dev.domstore.guard.policy.FillRate}
 * @param maxDetectionInterval cap of the detection interval
 * @param defaultReactionTime  a host's reaction time before any is measured
 * @param reactionRiseWeight   EWMA weight of a slower reaction
 * @param reactionFallWeight   EWMA weight of a faster reaction
 * @param maxReactionTime      measured reactions are capped here
 * @param defaultExtentBytes   extent size when no host report names the volume group (lvm's default 4 MiB)
 * @param staleAfter           right after a rebuild, a snapshot whose last report is older than this
 *                             is not acted on (its agent is away, or it is gone)
 * @param holdFor              how long a request holds volume group space if it is never seen done
 */
public record EngineSettings(Duration shortWindow, Duration longWindow, Duration maxDetectionInterval,
        Duration defaultReactionTime, double reactionRiseWeight, double reactionFallWeight, Duration maxReactionTime,
        long defaultExtentBytes, Duration staleAfter, Duration holdFor) {

    public static final EngineSettings DEFAULTS = new EngineSettings(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofSeconds(10), Duration.ofSeconds(3), 0.5, 0.1, Duration.ofSeconds(120), 4L << 20,
            Duration.ofMinutes(2), Duration.ofMinutes(2));
}
