package dev.domstore.guard.policy;

import java.util.Optional;

/**
 * The policy one snapshot is decided by: the global parameters, or those with the snapshot's
 * override applied; {@link #describe()} says which, for every decision's log line.
 *
 * @param override what the snapshot's override sets; null under the global policy
 */
public record EffectivePolicy(PolicyParams params, PolicyOverride override) {

    /** The global policy. */
    public static EffectivePolicy global(PolicyParams defaults) {
        return new EffectivePolicy(defaults, null);
    }

    /**
     * {@code defaults} with {@code override} applied. Throws {@link IllegalArgumentException} when
     * the result is not a possible policy (see {@link PolicyParams}).
     */
    public static EffectivePolicy of(PolicyParams defaults, Optional<PolicyOverride> override) {
        return override.map(o -> new EffectivePolicy(defaults.with(o), o)).orElseGet(() -> global(defaults));
    }

    public boolean overridden() {
        return override != null;
    }

    /** {@code override} or {@code global}. */
    public String source() {
        return overridden() ? "override" : "global";
    }

    /** {@code policy: global}, or {@code policy: override (enabled=false)}. */
    public String describe() {
        return "policy: " + (overridden() ? "override (" + override.describe() + ")" : "global");
    }
}
