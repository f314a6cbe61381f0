package dev.domstore.guard.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.domstore.guard.policy.PolicyOverride;
import dev.domstore.guard.policy.PolicyOverrides;
import dev.domstore.guard.policy.PolicyParams;

/**
 * Per-volume overrides from configuration. Checked at start: a key that is not a volume id, or an
 * override that makes an impossible policy, stops the guard with a message saying which.
 */
@ApplicationScoped
public class ConfiguredOverrides implements PolicyOverrides {
    private static final Logger LOG = Logger.getLogger(ConfiguredOverrides.class);

    private final Map<UUID, PolicyOverride> byVolume = new HashMap<>();

    public ConfiguredOverrides(GuardPolicy policy) {
        PolicyParams defaults = policy.params();
        policy.overrides().forEach((key, value) -> {
            UUID volumeId;
            try {
                volumeId = UUID.fromString(key.replace("\"", ""));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("domstore.guard.overrides.\"" + key + "\": the key must be a volume id (a UUID)");
            }
            PolicyOverride override = value.toPolicyOverride();
            try {
                defaults.with(override);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("domstore.guard.overrides.\"" + key + "\": " + e.getMessage(), e);
            }
            byVolume.put(volumeId, override);
            LOG.infof("Policy override for volume %s: %s", volumeId, override);
        });
    }

    @Override
    public Optional<PolicyOverride> forVolume(UUID volumeId) {
        return Optional.ofNullable(byVolume.get(volumeId));
    }
}
