package dev.domstore.guard.policy;

import static dev.domstore.guard.policy.HumanSizes.bytes;
import static dev.domstore.guard.policy.HumanSizes.rate;
import static dev.domstore.guard.policy.HumanSizes.seconds;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

import dev.domstore.common.lvm.CowCeiling;
import dev.domstore.common.lvm.Extents;
import dev.domstore.guard.policy.Decision.Action;
import dev.domstore.guard.policy.Decision.Reason;
import dev.domstore.guard.policy.Decision.Risk;

/**
 * When a snapshot's differences area must grow, and to what size. A pure function of a
 * {@link Situation} and the {@link PolicyParams}; no clock, no Kafka.
 *
 * <h2>When</h2>
 * <ul>
 * <li><b>Invalid</b> snapshots are never extended (lvextend "succeeds" on them, but the data is gone).</li>
 * <li><b>Disabled</b> snapshots ({@link PolicyParams#enabled()} false, by their own policy) are never
 * extended either: the operator leaves them to LVM's dmeventd, or to nobody.</li>
 * <li><b>Threshold</b> (lvm's rule): {@code dataPercent ≥ thresholdPercent}, unless the threshold is 100
 * (off, as in lvm.conf). lvm fires at strictly more than the threshold; the guard fires at
 * reaching it, a hair earlier.</li>
 * <li><b>Prediction</b>: {@code secondsToFull < safetyFactor × (reaction + detection)}, where
 * {@code secondsToFull} comes from {@link FillRate}, {@code reaction} is the host's measured
 * {@link ReactionTime} (request → larger size seen; default 3 s) and {@code detection} is the
 * longest recent gap between usage reports (the time before the guard even hears of a fill, which
 * the reaction measurement does not include). Works at any fill level: dmeventd ignores snapshots
 * below 50 %.</li>
 * <li>A step already asked for from the current size is not asked for again until
 * {@code retryTimeout} has passed (the inventory acts on a step once, so a repeat is harmless, but
 * it is noise).</li>
 * </ul>
 *
 * <h2>To what size</h2>
 * The largest of:
 * <pre>
 *   step      = cow + max(cow × stepPercent / 100, minStep)              lvm's percent, with a floor
 *   below     = used × 100 / threshold + 1 byte                         lvm: at least back below the threshold
 *   byRate    = max(used + rate × (minInterval + horizon),              no prediction trigger within minInterval
 *                   (used + rate × minInterval) × 100 / threshold)       and no threshold trigger within it
 * </pre>
 * rounded up to whole extents, then limited by the two ceilings:
 * <ul>
 * <li>never beyond what the snapshot can ever use ({@link CowCeiling}: origin + exception metadata);</li>
 * <li>never beyond the volume group's free space: if the wanted growth does not fit, ask for what
 * fits (whole extents) and flag the snapshot {@link Risk#VG_FULL}; if not one extent fits, ask for
 * nothing ({@link Reason#NO_SPACE}).</li>
 * </ul>
 * A snapshot is also flagged {@link Risk#TOO_FAST} when its time to full is shorter than the
 * reaction time itself.
 */
public final class ExtendPolicy {
    private ExtendPolicy() {
    }

    public static Decision decide(Situation situation, PolicyParams params) {
        SnapshotFacts snapshot = situation.snapshot();
        FillEstimate fill = situation.fill();
        long cow = snapshot.cowBytes();
        long extent = Math.max(1, situation.vg().extentBytes());
        double reaction = situation.reactionSeconds() + fill.detectionSeconds();
        double horizon = params.safetyFactor() * reaction;
        Double secondsToFull = fill.secondsToFull();
        String state = String.format(Locale.ROOT, "%.2f%% of %s used (%s), filling at %s, full in %s; horizon %s",
                snapshot.dataPercent(), bytes(cow), bytes(fill.usedBytes()), rate(fill.bytesPerSecond()),
                seconds(secondsToFull), seconds(horizon));

        if (snapshot.invalid()) {
            return none(Reason.INVALID, cow, secondsToFull, horizon, Set.of(),
                    "the snapshot overflowed and is invalid: its data is lost, extending it would not bring it back");
        }
        if (!params.enabled()) {
            return none(Reason.DISABLED, cow, secondsToFull, horizon, Set.of(), state
                    + "; the guard is disabled for this snapshot by its own policy (enabled=false): it is never extended by the guard");
        }
        long ceiling = CowCeiling.ceilingBytes(snapshot.originBytes(), params.chunkBytes(), params.leakAllowance(), extent);
        if (cow >= ceiling) {
            return none(Reason.AT_CEILING, cow, secondsToFull, horizon, Set.of(),
                    "its " + bytes(cow) + " already hold every chunk of the " + bytes(snapshot.originBytes())
                            + " origin (ceiling " + bytes(ceiling) + "): it cannot overflow");
        }

        Set<Risk> risks = EnumSet.noneOf(Risk.class);
        if (secondsToFull != null && secondsToFull < reaction) {
            risks.add(Risk.TOO_FAST);
        }
        boolean thresholdOn = params.thresholdPercent() < 100;
        boolean thresholdReached = thresholdOn && snapshot.dataPercent() >= params.thresholdPercent();
        boolean predicted = params.predictionEnabled() && secondsToFull != null && secondsToFull < horizon;
        if (!thresholdReached && !predicted) {
            return none(Reason.BELOW_THRESHOLD, cow, secondsToFull, horizon, risks, state + "; threshold "
                    + (thresholdOn ? params.thresholdPercent() + "%" : "off") + ": nothing to do");
        }

        Outstanding outstanding = situation.outstanding();
        boolean retry = false;
        if (outstanding != null && outstanding.fromCowBytes() == cow) {
            Duration age = Duration.between(outstanding.requestedAt(), situation.now());
            if (age.compareTo(params.retryTimeout()) < 0) {
                return none(Reason.OUTSTANDING, cow, secondsToFull, horizon, risks, state + "; the step from " + bytes(cow)
                        + " to " + bytes(outstanding.toCowBytes()) + " was asked for " + seconds(age.toMillis() / 1000.0)
                        + " ago and is not done yet (retry after " + params.retryTimeout().toSeconds() + " s)");
            }
            retry = true;
        }

        long wanted = Math.min(Extents.roundUp(wantedBytes(cow, fill, horizon, params), extent), ceiling);
        long to = wanted;
        String limit = "";
        Long free = situation.vg().freeBytes();
        if (free != null) {
            long available = Extents.roundDown(Math.max(0, free), extent);
            if (wanted - cow > available) {
                to = cow + available;
                risks.add(Risk.VG_FULL);
                limit = "; AT RISK: the volume group has only " + bytes(available) + " free of the "
                        + bytes(wanted - cow) + " wanted";
            }
        }
        if (to <= cow) {
            return none(Reason.NO_SPACE, cow, secondsToFull, horizon, risks, state + "; wanted " + bytes(wanted)
                    + " but the volume group has not one extent free: AT RISK");
        }
        Reason reason = thresholdReached ? Reason.THRESHOLD : Reason.PREDICTION;
        String why = thresholdReached
                ? "reached the " + params.thresholdPercent() + "% threshold"
                : "would be full in " + seconds(secondsToFull) + ", sooner than the horizon";
        return new Decision(Action.REQUEST, reason, cow, to, wanted, secondsToFull, horizon, retry, risks,
                state + "; " + why + ": extend " + bytes(cow) + " -> " + bytes(to)
                        + (to == ceiling ? " (the origin ceiling)" : "") + (retry ? " (retry)" : "") + limit);
    }

    /** The size the policy wants before rounding and ceilings: see the class comment. */
    static long wantedBytes(long cow, FillEstimate fill, double horizonSeconds, PolicyParams params) {
        long used = fill.usedBytes();
        double threshold = params.thresholdPercent();
        long percentStep = -Math.floorDiv(-cow * params.stepPercent(), 100L);
        long step = cow + Math.max(percentStep, params.minStepBytes());
        long below = (long) Math.floor(used * 100.0 / threshold) + 1;
        long byRate = 0;
        double rate = fill.bytesPerSecond();
        if (rate > 0) {
            double interval = params.minInterval().toMillis() / 1000.0;
            double noPrediction = used + rate * (interval + horizonSeconds);
            double noThreshold = (used + rate * interval) * 100.0 / threshold;
            byRate = (long) Math.ceil(Math.min(Math.max(noPrediction, noThreshold), Long.MAX_VALUE / 4.0));
        }
        return Math.max(step, Math.max(below, byRate));
    }

    private static Decision none(Reason reason, long cow, Double secondsToFull, double horizon, Set<Risk> risks,
            String explanation) {
        return new Decision(Action.NONE, reason, cow, cow, cow, secondsToFull, horizon, false, risks, explanation);
    }
}
