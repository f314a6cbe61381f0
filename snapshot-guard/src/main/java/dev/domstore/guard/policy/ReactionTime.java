package dev.domstore.guard.policy;

/**
 * The expected reaction time of a host: from an extend request to the guard seeing the larger
 * differences area in a usage report (the inventory's command, the agent running lvextend, the
 * next report). Kept per host as an exponentially weighted moving average that rises fast and
 * falls slowly: a reaction slower than expected can cost a snapshot, so it is believed at once; a
 * faster one only means extending a little early, so one lucky lvextend does not shrink the margin.
 */
public final class ReactionTime {
    private ReactionTime() {
    }

    /**
     * The next average after a measured {@code sampleSeconds}.
     *
     * @param riseWeight weight of a sample above the average (default 0.5)
     * @param fallWeight weight of a sample below it (default 0.1)
     * @param maxSeconds samples are capped here: an inventory or broker outage of an hour is not a
     *                   host's reaction time (the retry covers it)
     */
    public static double next(double currentSeconds, double sampleSeconds, double riseWeight, double fallWeight,
            double maxSeconds) {
        double sample = Math.max(0, Math.min(sampleSeconds, maxSeconds));
        double weight = sample > currentSeconds ? riseWeight : fallWeight;
        return currentSeconds + weight * (sample - currentSeconds);
    }
}
