package dev.domstore.guard.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.UUID;

import dev.domstore.common.SnapshotFill;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.guard.policy.Decision;
import dev.domstore.guard.policy.EffectivePolicy;
import dev.domstore.guard.policy.FillEstimate;
import dev.domstore.guard.policy.FillSample;
import dev.domstore.guard.policy.SnapshotFacts;

/**
 * What the guard knows of one snapshot: its last usage report, the fill samples of the long
 * window, and the last decision. Changed only by the worker thread that owns the snapshot's
 * partition; the volatile fields are read by metrics and the REST view.
 */
public final class SnapshotState {
    /** More samples than this in the window (event-driven reports arriving in a storm) drop the oldest. */
    private static final int MAX_SAMPLES = 512;

    private final UUID volumeId;
    private final ArrayDeque<FillSample> samples = new ArrayDeque<>();
    private volatile int partition;
    private volatile SnapshotUsage last;
    private volatile FillEstimate estimate = FillEstimate.idle(0);
    private volatile Decision decision;
    private volatile Instant decidedAt;
    private volatile EffectivePolicy policy;
    private boolean invalidLogged;
    private boolean atRiskLogged;
    private boolean disabledLogged;

    SnapshotState(UUID volumeId, int partition) {
        this.volumeId = volumeId;
        this.partition = partition;
    }

    /**
     * Takes a report in. Returns false, changing nothing, when it is not newer than the last one
     * (a duplicate or a late redelivery).
     */
    boolean accept(SnapshotUsage usage, int partition, Duration longWindow) {
        SnapshotUsage previous = last;
        if (previous != null && !usage.occurredAt().isAfter(previous.occurredAt())) {
            return false;
        }
        this.partition = partition;
        long used = SnapshotFill.usedBytes(usage.cowSizeBytes(), usage.dataPercent());
        if (!samples.isEmpty() && used < samples.peekLast().usedBytes()) {
            samples.clear(); // a classic snapshot never empties: this is a new one (or a merge); start over
        }
        samples.addLast(new FillSample(usage.occurredAt(), used));
        long edge = usage.occurredAt().toEpochMilli() - longWindow.toMillis();
        while (samples.size() > 2 && (second().at().toEpochMilli() <= edge || samples.size() > MAX_SAMPLES)) {
            samples.removeFirst();
        }
        last = usage;
        return true;
    }

    private FillSample second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }

    List<FillSample> samples() {
        return List.copyOf(samples);
    }

    void decided(FillEstimate estimate, Decision decision, Instant at, EffectivePolicy policy) {
        this.estimate = estimate;
        this.decision = decision;
        this.decidedAt = at;
        this.policy = policy;
    }

    /** True the first time it is called after the snapshot turned invalid: log it once. */
    boolean firstInvalidNotice() {
        if (invalidLogged) {
            return false;
        }
        invalidLogged = true;
        return true;
    }

    /** Tracks transitions into and out of DISABLED, so that the guard being off for a snapshot is logged once, not every second. */
    boolean disabledChanged(boolean disabled) {
        boolean changed = disabled != disabledLogged;
        disabledLogged = disabled;
        return changed;
    }

    /** Tracks at-risk transitions so that a warning is logged on entering the state, not every second. */
    boolean atRiskChanged(boolean atRisk) {
        boolean changed = atRisk != atRiskLogged;
        atRiskLogged = atRisk;
        return changed;
    }

    public UUID volumeId() {
        return volumeId;
    }

    public int partition() {
        return partition;
    }

    /** The last report; never null once the state exists. */
    public SnapshotUsage last() {
        return last;
    }

    public FillEstimate estimate() {
        return estimate;
    }

    /** The last decision; null before the first. */
    public Decision decision() {
        return decision;
    }

    public Instant decidedAt() {
        return decidedAt;
    }

    /** The policy of the last decision; null before the first. */
    public EffectivePolicy policy() {
        return policy;
    }

    public boolean invalid() {
        SnapshotUsage usage = last;
        return usage != null && SnapshotFacts.isInvalid(usage);
    }

    public boolean atRisk() {
        Decision d = decision;
        return d != null && d.atRisk();
    }

    /** {@code vg/name}, as lvm names it. */
    public String displayName() {
        SnapshotUsage usage = last;
        return usage == null ? volumeId.toString() : usage.volumeGroup() + "/" + usage.name();
    }
}
