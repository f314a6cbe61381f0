package dev.domstore.guard.policy;

/**
 * How fast a snapshot fills, from its recent samples.
 *
 * @param usedBytes        bytes used at the last sample
 * @param bytesPerSecond   the fill rate the guard plans with (see {@link FillRate})
 * @param secondsToFull    at that rate; null when it is not filling
 * @param detectionSeconds how long the guard may wait to hear of a change: the longest gap between
 *                         recent reports (capped)
 */
public record FillEstimate(long usedBytes, double bytesPerSecond, Double secondsToFull, double detectionSeconds) {

    public static FillEstimate idle(long usedBytes) {
        return new FillEstimate(usedBytes, 0, null, 0);
    }
}
