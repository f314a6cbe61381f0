package dev.domstore.systemtest;

import java.util.Locale;
import java.util.Random;

/**
 * How fast the origin of one simulated snapshot is written to, that is how fast its differences
 * area fills: bytes per second at a time into the run. Rates are drawn as a share of the
 * snapshot's first CoW size per second, so a small and a large snapshot of one kind fill alike.
 *
 * @param rate          bytes per second: the steady rate, the rate reached by a rising writer, a burst's rate
 * @param riseSeconds   RISING: time to reach {@code rate} from 0
 * @param periodSeconds BURSTY: a burst starts every this many seconds...
 * @param burstSeconds  ...and lasts this long; idle in between
 * @param phaseSeconds  BURSTY: where in its period the writer starts; FAST: when it starts, idle before
 */
record WriteProfile(Kind kind, double rate, double riseSeconds, double periodSeconds, double burstSeconds, double phaseSeconds) {

    enum Kind {
        /** Most snapshots: 0.05–0.35 % of the first CoW size a second, all run long. */
        STEADY,
        /**
         * 8–11 % a second, starting within the first 20 s: from the threshold they would be full in
         * 2.7–3.8 s, about a report interval plus the hosts' reaction; the prediction saves them.
         */
        FAST,
        /** From 0 to 0.6–1.2 % a second over 100 s. */
        RISING,
        /** Idle, then bursts of 3–8 s at 2–4 % a second every 15–30 s. */
        BURSTY
    }

    static WriteProfile random(Kind kind, long firstCowBytes, Random random) {
        return switch (kind) {
            case STEADY -> new WriteProfile(kind, share(firstCowBytes, between(random, 0.0005, 0.0035)), 0, 0, 0, 0);
            case FAST -> new WriteProfile(kind, share(firstCowBytes, between(random, 0.08, 0.11)), 0, 0, 0, between(random, 0, 20));
            case RISING -> new WriteProfile(kind, share(firstCowBytes, between(random, 0.006, 0.012)), 100, 0, 0, 0);
            case BURSTY -> {
                double period = between(random, 15, 30);
                yield new WriteProfile(kind, share(firstCowBytes, between(random, 0.02, 0.04)), 0, period, between(random, 3, 8),
                        between(random, 0, period));
            }
        };
    }

    /** Bytes per second {@code seconds} into the run. */
    double bytesPerSecond(double seconds) {
        return switch (kind) {
            case STEADY -> rate;
            case FAST -> seconds >= phaseSeconds ? rate : 0;
            case RISING -> rate * Math.min(1, seconds / riseSeconds);
            case BURSTY -> (seconds + phaseSeconds) % periodSeconds < burstSeconds ? rate : 0;
        };
    }

    String describe() {
        String mibPerSecond = String.format(Locale.ROOT, "%.2f MiB/s", rate / (1 << 20));
        return switch (kind) {
            case STEADY -> kind + " " + mibPerSecond;
            case FAST -> String.format(Locale.ROOT, "FAST %s from %.1f s", mibPerSecond, phaseSeconds);
            case RISING -> String.format(Locale.ROOT, "RISING to %s over %.0f s", mibPerSecond, riseSeconds);
            case BURSTY -> String.format(Locale.ROOT, "BURSTY %s for %.1f s every %.1f s (phase %.1f s)", mibPerSecond, burstSeconds,
                    periodSeconds, phaseSeconds);
        };
    }

    private static double share(long bytes, double perSecond) {
        return bytes * perSecond;
    }

    private static double between(Random random, double low, double high) {
        return low + random.nextDouble() * (high - low);
    }
}
