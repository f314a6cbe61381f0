package dev.domstore.guard.domain;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.common.validation.GuardPolicyRules;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.guard.policy.PolicyOverride;
import dev.domstore.guard.policy.PolicyOverrides;
import dev.domstore.guard.policy.PolicyParams;

/**
 * Snapshots' own policies, as the inventory published them on {@code domstore.guard-policies}
 * (compacted, keyed by volume id; a tombstone removes one). Every guard instance holds all of them:
 * they are few, and any instance may come to own any snapshot. Rebuilt from the topic's beginning on
 * start into a fresh map ({@link #newBuild()}, {@link #apply(Map, UUID, SnapshotGuardPolicy, boolean)})
 * that replaces the one in force once the topic is read to its end ({@link #install}), so the engine
 * never decides by a policy the topic has already superseded; then kept up to date live
 * ({@link #apply(UUID, SnapshotGuardPolicy)}). Thread-safe: written by the policy reader, read by the worker.
 *
 * <p>A record the guard cannot use (a key that is not a volume id, a value outside
 * {@link GuardPolicyRules}) is logged and the snapshot falls back to the global policy: a guard
 * that extends is safer than one that trusts a policy it does not understand.
 */
public final class SnapshotPolicies implements PolicyOverrides {
    private static final Logger LOG = Logger.getLogger(SnapshotPolicies.class);

    private final PolicyParams defaults;
    private final Map<UUID, PolicyOverride> byVolume = new ConcurrentHashMap<>();

    public SnapshotPolicies(PolicyParams defaults) {
        this.defaults = defaults;
    }

    @Override
    public Optional<PolicyOverride> forVolume(UUID volumeId) {
        return Optional.ofNullable(byVolume.get(volumeId));
    }

    public int size() {
        return byVolume.size();
    }

    /** A live record: applied at once. {@code policy} null is a tombstone. */
    public void apply(UUID key, SnapshotGuardPolicy policy) {
        apply(byVolume, key, policy, true);
    }

    /** An empty map to rebuild into. */
    public Map<UUID, PolicyOverride> newBuild() {
        return new HashMap<>();
    }

    /** Applies one record of the topic to {@code target}; {@code policy} null is a tombstone. Logs changes at INFO when {@code live}. */
    public void apply(Map<UUID, PolicyOverride> target, UUID key, SnapshotGuardPolicy policy, boolean live) {
        if (key == null) {
            LOG.warnf("Skipping a record on domstore.guard-policies whose key is not a volume id");
            return;
        }
        if (policy == null) {
            PolicyOverride gone = target.remove(key);
            if (live && gone != null) {
                LOG.infof("Policy override of volume %s removed (was %s): the global policy applies from its next usage report",
                        key, gone.describe());
            }
            return;
        }
        PolicyOverride override;
        try {
            if (!key.equals(policy.volumeId())) {
                throw new InvalidInputException(InvalidInputException.Kind.FIELD, "volumeId", "the record is keyed by " + key
                        + " but names volume " + policy.volumeId());
            }
            GuardPolicyRules.check(policy);
            override = PolicyOverride.of(policy);
            defaults.with(override);
        } catch (IllegalArgumentException | InvalidInputException e) {
            target.remove(key);
            LOG.warnf("Ignoring the policy override of volume %s published at %s: %s. The global policy applies to it until a "
                    + "valid one is published (PUT /api/v1/volumes/%s/guard-policy).", key, policy.occurredAt(), e.getMessage(), key);
            return;
        }
        PolicyOverride previous = target.put(key, override);
        if (live && !override.equals(previous)) {
            LOG.infof("Policy override of snapshot %s/%s (volume %s, host %s): %s%s; applies from its next usage report",
                    policy.volumeGroup(), policy.name(), key, policy.hostId(), override.describe(),
                    previous == null ? "" : " (was " + previous.describe() + ")");
        }
    }

    /** The rebuilt overrides replace those in force: each snapshot goes straight from its old policy to its new one. */
    public void install(Map<UUID, PolicyOverride> built) {
        byVolume.keySet().retainAll(built.keySet());
        byVolume.putAll(built);
        LOG.infof("Read the snapshots' own policies: %d override(s)%s", built.size(), built.isEmpty() ? ""
                : ": " + built.entrySet().stream().limit(20).map(e -> e.getKey() + " " + e.getValue().describe()).toList()
                        + (built.size() > 20 ? " …" : ""));
    }
}
