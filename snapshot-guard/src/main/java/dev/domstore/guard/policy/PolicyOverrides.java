package dev.domstore.guard.policy;

import java.util.Optional;
import java.util.UUID;

/** Where per-snapshot overrides come from: the inventory's API (through its topic) and configuration. */
@FunctionalInterface
public interface PolicyOverrides {
    PolicyOverrides NONE = volumeId -> Optional.empty();

    Optional<PolicyOverride> forVolume(UUID volumeId);

    /**
     * {@code below}'s override with {@code above}'s laid on top, field by field: configuration below,
     * the inventory's API above (an operator's latest word wins where both say something).
     */
    static PolicyOverrides layered(PolicyOverrides below, PolicyOverrides above) {
        return volumeId -> {
            Optional<PolicyOverride> base = below.forVolume(volumeId);
            Optional<PolicyOverride> top = above.forVolume(volumeId);
            if (base.isEmpty()) {
                return top;
            }
            return top.isEmpty() ? base : Optional.of(base.get().and(top.get()));
        };
    }
}
