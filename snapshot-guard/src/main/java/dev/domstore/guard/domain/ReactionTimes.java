package dev.domstore.guard.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.domstore.guard.policy.ReactionTime;

/** Each host's expected reaction time, an EWMA of measured ones (see {@link ReactionTime}); in memory only. */
public final class ReactionTimes {
    private final Map<String, Double> seconds = new ConcurrentHashMap<>();
    private final double defaultSeconds;
    private final double riseWeight;
    private final double fallWeight;
    private final double maxSeconds;

    public ReactionTimes(double defaultSeconds, double riseWeight, double fallWeight, double maxSeconds) {
        this.defaultSeconds = defaultSeconds;
        this.riseWeight = riseWeight;
        this.fallWeight = fallWeight;
        this.maxSeconds = maxSeconds;
    }

    public double seconds(String hostId) {
        return seconds.getOrDefault(hostId, defaultSeconds);
    }

    /** Folds a measured reaction into the host's average; returns the new average. */
    public double observe(String hostId, double sampleSeconds) {
        return seconds.merge(hostId, ReactionTime.next(defaultSeconds, sampleSeconds, riseWeight, fallWeight, maxSeconds),
                (current, ignored) -> ReactionTime.next(current, sampleSeconds, riseWeight, fallWeight, maxSeconds));
    }

    public Map<String, Double> all() {
        return Map.copyOf(seconds);
    }
}
