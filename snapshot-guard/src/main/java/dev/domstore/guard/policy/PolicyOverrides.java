package dev.domstore.guard.policy;

import java.util.Optional;
import java.util.UUID;

/** Where per-snapshot overrides come from: configuration now, the inventory's API later. */
@FunctionalInterface
public interface PolicyOverrides {
    PolicyOverrides NONE = volumeId -> Optional.empty();

    Optional<PolicyOverride> forVolume(UUID volumeId);
}
