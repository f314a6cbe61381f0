package dev.domstore.guard.policy;

import java.time.Instant;

/**
 * Everything the policy looks at for one decision.
 *
 * @param outstanding     the step asked for from the current size and not yet seen done; null if none
 * @param reactionSeconds the host's expected reaction time (see {@link ReactionTime})
 */
public record Situation(SnapshotFacts snapshot, FillEstimate fill, VgCapacity vg, Outstanding outstanding,
        double reactionSeconds, Instant now) {
}
