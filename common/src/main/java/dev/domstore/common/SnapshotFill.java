package dev.domstore.common;

/**
 * The arithmetic of a snapshot's differences area, shared by the guard (which decides) and the
 * inventory (which shows it): bytes used from lvs' percentage, the fill rate between two samples,
 * and the time until full at that rate.
 */
public final class SnapshotFill {
    private SnapshotFill() {
    }

    /** Bytes used of a differences area of {@code cowBytes} that lvs reports {@code dataPercent} full. */
    public static long usedBytes(long cowBytes, double dataPercent) {
        return Math.round(cowBytes * dataPercent / 100.0);
    }

    /** Bytes per second between two samples; 0 when time did not advance or the area did not fill further. */
    public static double rate(long usedBefore, long usedAfter, long millisBetween) {
        if (millisBetween <= 0 || usedAfter <= usedBefore) {
            return 0;
        }
        return (usedAfter - usedBefore) * 1000.0 / millisBetween;
    }

    /** Seconds until a differences area of {@code cowBytes} with {@code usedBytes} used is full at {@code bytesPerSecond}; null when not filling. */
    public static Double secondsToFull(long cowBytes, long usedBytes, double bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            return null;
        }
        return Math.max(0, cowBytes - usedBytes) / bytesPerSecond;
    }
}
