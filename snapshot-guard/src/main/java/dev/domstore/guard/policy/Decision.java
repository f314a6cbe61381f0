package dev.domstore.guard.policy;

import java.util.Set;

/**
 * What the policy decided for one snapshot, and why.
 *
 * @param toCowBytes    the size to ask for (equal to {@code fromCowBytes} when nothing is asked)
 * @param wantedBytes   the size the policy would have asked for without the volume group's limit
 * @param horizonSeconds the prediction's horizon: safety factor × (reaction + detection)
 * @param retry         this request repeats an earlier one for the same step, after the retry timeout
 * @param risks         why the snapshot may overflow in spite of this decision
 * @param explanation   one sentence for the log
 */
public record Decision(Action action, Reason reason, long fromCowBytes, long toCowBytes, long wantedBytes,
        Double secondsToFull, double horizonSeconds, boolean retry, Set<Risk> risks, String explanation) {

    public Decision {
        risks = Set.copyOf(risks);
    }

    public enum Action {
        REQUEST, NONE
    }

    public enum Reason {
        /** Asked: the fill reached the threshold (lvm's rule). */
        THRESHOLD,
        /** Asked: below the threshold, but at the measured rate it would be full before an extension could land. */
        PREDICTION,
        /** Nothing to do: below the threshold and not filling fast. */
        BELOW_THRESHOLD,
        /** Nothing to do now: the step from this size was asked for and the retry timeout has not passed. */
        OUTSTANDING,
        /** Never: the snapshot's own policy turns the guard off for it (enabled=false). */
        DISABLED,
        /** Never: the snapshot overflowed; its data is gone and growing it does not bring it back. */
        INVALID,
        /** Never: the area already holds every chunk of the origin, it cannot overflow. */
        AT_CEILING,
        /** Cannot: the volume group has not one extent free. */
        NO_SPACE
    }

    public enum Risk {
        /** The volume group cannot hold the growth the policy wanted. */
        VG_FULL,
        /** At the measured rate the area is full sooner than the host's expected reaction time. */
        TOO_FAST
    }

    public boolean request() {
        return action == Action.REQUEST;
    }

    public boolean atRisk() {
        return !risks.isEmpty();
    }
}
