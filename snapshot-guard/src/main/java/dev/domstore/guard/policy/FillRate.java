package dev.domstore.guard.policy;

import java.time.Duration;
import java.util.List;

import dev.domstore.common.SnapshotFill;

/**
 * The fill rate the guard plans with: the larger of a short-window rate and a long-window rate.
 *
 * <p>Why the maximum of two windows (and not one average, nor a symmetric EWMA):
 * <ul>
 * <li>The short window (default 1 s) reacts to a burst at the first report that shows it. It is a
 * span of time, not "the last two samples", because the agent also reports at once on a
 * device-mapper event, so two reports can be milliseconds apart; measuring over at least the short
 * window keeps such pairs from producing absurd rates.</li>
 * <li>The long window (default 30 s) remembers a writer that fills in bursts with pauses between
 * them: during a pause the short rate drops to zero, but the long one still carries the average,
 * so a stop-and-go writer is not mistaken for an idle one.</li>
 * <li>Taking the larger one is deliberately pessimistic: overestimating the rate costs some volume
 * group space for a while; underestimating it loses the snapshot. It rises as fast as the short
 * window and falls no faster than the long window forgets, which is the "fast rise, slow decay" an
 * asymmetric EWMA would give, with no smoothing constant to tune and exact handling of irregular
 * report times.</li>
 * </ul>
 * Rates between two samples, and the time to full, come from {@link SnapshotFill}.
 */
public final class FillRate {
    private FillRate() {
    }

    /**
     * @param samples              oldest first, strictly increasing in time; the last is the current state
     * @param cowBytes             the current size of the differences area
     * @param shortWindow          see the class comment
     * @param longWindow           see the class comment
     * @param maxDetectionInterval cap of {@link FillEstimate#detectionSeconds()}, so that one long gap
     *                             (the agent was away) does not make every snapshot look urgent
     */
    public static FillEstimate estimate(List<FillSample> samples, long cowBytes, Duration shortWindow, Duration longWindow,
            Duration maxDetectionInterval) {
        if (samples.isEmpty()) {
            return FillEstimate.idle(0);
        }
        FillSample latest = samples.get(samples.size() - 1);
        if (samples.size() < 2) {
            return FillEstimate.idle(latest.usedBytes());
        }
        double shortRate = rateSince(samples, latest, shortWindow);
        double longRate = rateSince(samples, latest, longWindow);
        double rate = Math.max(shortRate, longRate);
        Double secondsToFull = SnapshotFill.secondsToFull(cowBytes, latest.usedBytes(), rate);
        return new FillEstimate(latest.usedBytes(), rate, secondsToFull, detectionSeconds(samples, latest, longWindow,
                maxDetectionInterval));
    }

    /**
     * The rate from the newest sample at least {@code window} older than {@code latest} (or the
     * oldest sample, when none is that old) to {@code latest}.
     */
    static double rateSince(List<FillSample> samples, FillSample latest, Duration window) {
        long latestMillis = latest.at().toEpochMilli();
        long edge = latestMillis - window.toMillis();
        FillSample base = samples.get(0);
        for (int i = samples.size() - 2; i >= 0; i--) {
            if (samples.get(i).at().toEpochMilli() <= edge) {
                base = samples.get(i);
                break;
            }
        }
        return SnapshotFill.rate(base.usedBytes(), latest.usedBytes(), latestMillis - base.at().toEpochMilli());
    }

    /** The longest gap between consecutive samples within the long window, capped. */
    static double detectionSeconds(List<FillSample> samples, FillSample latest, Duration window, Duration cap) {
        long edge = latest.at().toEpochMilli() - window.toMillis();
        long longest = 0;
        for (int i = samples.size() - 1; i > 0; i--) {
            long newer = samples.get(i).at().toEpochMilli();
            if (newer <= edge) {
                break;
            }
            longest = Math.max(longest, newer - samples.get(i - 1).at().toEpochMilli());
        }
        return Math.min(longest, cap.toMillis()) / 1000.0;
    }
}
