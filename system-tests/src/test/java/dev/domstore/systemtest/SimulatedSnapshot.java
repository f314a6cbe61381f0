package dev.domstore.systemtest;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.testsupport.AgentMessages;

/**
 * One classic snapshot of a {@link SimulatedSnapshotFleet}: its differences area (CoW) and how much
 * of it is used. Used bytes grow with its {@link WriteProfile} and never exceed the origin's size
 * (a snapshot cannot hold more than its origin); used reaching the CoW size is an overflow, for
 * good, as in LVM. Touched only by the fleet's thread while the fleet runs.
 */
final class SimulatedSnapshot {
    private static final int RECENT_SAMPLES = 25;

    final UUID id;
    final String hostId;
    final WriteProfile profile;
    final long firstCowBytes;
    final long originBytes;
    final double firstFillPercent;
    private long cowBytes;
    private double usedBytes;
    private double peakFill;
    /** The peak while the area was smaller than the origin: above it a snapshot cannot overflow. */
    private double peakFillBelowOrigin;
    private Double overflowedAt;
    private int extendsApplied;
    /** Sizes a request was seen to grow from: the steps asked for. */
    private final Set<Long> askedFrom = new HashSet<>();
    /** When the fill was first published at or above the threshold at the current size; NaN when below. */
    private double aboveThresholdSince = Double.NaN;
    /** The longest a request from the current size was waited for at or above the threshold, with a guard running. */
    private double longestWait;
    /** The last usage reports published: when, at what size, how full. */
    private final Deque<Sample> recentSamples = new ArrayDeque<>();
    private final List<String> events = new ArrayList<>();

    SimulatedSnapshot(UUID id, String hostId, WriteProfile profile, long cowBytes, long originBytes, double fillPercent) {
        this.id = id;
        this.hostId = hostId;
        this.profile = profile;
        this.firstCowBytes = cowBytes;
        this.originBytes = originBytes;
        this.firstFillPercent = fillPercent;
        this.cowBytes = cowBytes;
        this.usedBytes = cowBytes * fillPercent / 100;
        this.peakFill = fillPercent;
        this.peakFillBelowOrigin = cowBytes < originBytes ? fillPercent : 0;
    }

    private record Sample(double at, long cowBytes, double percent) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.1fs %s %.2f%%", at, mib(cowBytes), percent);
        }
    }

    /** Writes {@code bytesPerSecond} for {@code seconds}, up to the origin's size; returns true if the snapshot overflows now. */
    boolean write(double bytesPerSecond, double seconds, double at) {
        if (overflowed()) {
            return false;
        }
        usedBytes = Math.min(originBytes, usedBytes + bytesPerSecond * seconds);
        if (usedBytes >= cowBytes) {
            usedBytes = cowBytes;
            overflowedAt = at;
            peakFill = 100;
            peakFillBelowOrigin = 100;
            event(at, "OVERFLOWED at " + mib(cowBytes) + ": invalid from now on");
            return true;
        }
        peakFill = Math.max(peakFill, fillPercent());
        if (cowBytes < originBytes) {
            peakFillBelowOrigin = Math.max(peakFillBelowOrigin, fillPercent());
        }
        return false;
    }

    /** lvs' {@code data_percent}: two decimals; 100 once overflowed. */
    double fillPercent() {
        return overflowed() ? 100.0 : Math.round(usedBytes * 10000.0 / cowBytes) / 100.0;
    }

    /** The usage report of this snapshot now, healthy or invalid. */
    SnapshotUsage usage(Instant now, double at) {
        double percent = fillPercent();
        if (recentSamples.size() == RECENT_SAMPLES) {
            recentSamples.removeFirst();
        }
        recentSamples.addLast(new Sample(at, cowBytes, percent));
        return overflowed()
                ? AgentMessages.overflowedSnapshotUsage(id, hostId, SimulatedSnapshotFleet.VOLUME_GROUP, now, cowBytes, originBytes)
                : AgentMessages.snapshotUsage(id, hostId, SimulatedSnapshotFleet.VOLUME_GROUP, now, cowBytes, originBytes, percent);
    }

    /**
     * When the report a request was decided on was published: the last report at {@code cowBytes}
     * and {@code percent}; NaN when it is no longer among the recent ones.
     */
    double reportedAt(long cowBytes, double percent) {
        double at = Double.NaN;
        for (Sample sample : recentSamples) {
            if (sample.cowBytes == cowBytes && sample.percent == percent) {
                at = sample.at;
            }
        }
        return at;
    }

    /** A request to grow from {@code fromCowBytes} was seen. */
    void asked(long fromCowBytes) {
        askedFrom.add(fromCowBytes);
    }

    /** lvextend: the area grows to {@code toCowBytes}. */
    void grow(long toCowBytes, double at) {
        event(at, "grown " + mib(cowBytes) + " -> " + mib(toCowBytes) + " at " + fillPercent() + "%");
        cowBytes = toCowBytes;
        extendsApplied++;
        aboveThresholdSince = Double.NaN;
    }

    /**
     * After a usage report at {@code at}, with a guard running since {@code guardRunningSince}: how
     * long this snapshot has waited at or above {@code thresholdPercent} for a request to grow from
     * its current size (kept if the longest so far). A snapshot whose area holds its whole origin
     * waits for nothing: it cannot overflow.
     */
    void waitForRequest(double at, double thresholdPercent, double guardRunningSince) {
        if (overflowed() || cowBytes >= originBytes || fillPercent() < thresholdPercent || askedFromCurrentSize()) {
            if (fillPercent() < thresholdPercent) {
                aboveThresholdSince = Double.NaN;
            }
            return;
        }
        if (Double.isNaN(aboveThresholdSince)) {
            aboveThresholdSince = at;
        }
        longestWait = Math.max(longestWait, at - Math.max(aboveThresholdSince, guardRunningSince));
    }

    /** The longest this snapshot waited at or above the threshold for a request, a guard running (see {@link #waitForRequest}). */
    double longestWaitForRequest() {
        return longestWait;
    }

    void event(double at, String what) {
        events.add(String.format(Locale.ROOT, "%.1fs %s", at, what));
    }

    boolean overflowed() {
        return overflowedAt != null;
    }

    long cowBytes() {
        return cowBytes;
    }

    double peakFillPercent() {
        return peakFill;
    }

    /** The highest fill while the area was smaller than the origin (while it could overflow). */
    double peakFillBelowOriginPercent() {
        return peakFillBelowOrigin;
    }

    int extendsApplied() {
        return extendsApplied;
    }

    /** Whether a request to grow from the current size was seen. */
    boolean askedFromCurrentSize() {
        return askedFrom.contains(cowBytes);
    }

    /** Everything known about this snapshot's run, for a failure message. */
    String history() {
        return this + ": " + profile.describe() + "; first " + mib(firstCowBytes) + " at " + firstFillPercent + "%, origin "
                + mib(originBytes) + "; now " + mib(cowBytes) + " at " + fillPercent() + "%, peak " + peakFill + "%"
                + "\n      events: " + events + "\n      last reports: " + recentSamples;
    }

    @Override
    public String toString() {
        return "snapshot " + id + " on " + hostId + " (" + profile.kind() + ")";
    }

    static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
