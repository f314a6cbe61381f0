package dev.domstore.guard.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.guard.policy.PolicyOverride;
import dev.domstore.guard.policy.PolicyParams;

/** The overrides read from domstore.guard-policies: set, replaced, removed by a tombstone, rebuilt; a bad one falls back to global. */
class SnapshotPoliciesTest {
    private final SnapshotPolicies policies = new SnapshotPolicies(PolicyParams.DEFAULTS);

    private static SnapshotGuardPolicy policy(UUID volumeId, Boolean enabled, Integer threshold) {
        return new SnapshotGuardPolicy(UUID.randomUUID(), volumeId, "dom0-a", Instant.now(), "vg0", "snap", enabled, threshold, null,
                null, null, null, null, null, null);
    }

    @Test
    void aRecordSetsAndReplacesATombstoneRemoves() {
        UUID id = UUID.randomUUID();
        policies.apply(id, policy(id, false, null));
        assertEquals(Optional.of(PolicyOverride.disabled()), policies.forVolume(id));
        policies.apply(id, policy(id, null, 60));
        assertEquals(Optional.of(PolicyOverride.threshold(60)), policies.forVolume(id), "a whole replacement, as the PUT was");
        policies.apply(id, null);
        assertEquals(Optional.empty(), policies.forVolume(id));
        assertEquals(0, policies.size());
    }

    @Test
    void aRecordTheGuardCannotUseLeavesTheSnapshotUnderTheGlobalPolicy() {
        UUID id = UUID.randomUUID();
        policies.apply(id, policy(id, false, null));
        policies.apply(id, policy(id, null, 40)); // not from our inventory: it refuses 40
        assertEquals(Optional.empty(), policies.forVolume(id), "global: a guard that extends is safer than one that trusts nonsense");

        UUID other = UUID.randomUUID();
        policies.apply(id, policy(other, false, null));
        assertEquals(Optional.empty(), policies.forVolume(id), "keyed by one volume, naming another: ignored");
        assertEquals(Optional.empty(), policies.forVolume(other));

        policies.apply(id, policy(id, null, null));
        assertEquals(Optional.empty(), policies.forVolume(id), "an override that sets nothing");
    }

    @Test
    void aRebuildReplacesWhatWasInForceOnlyWhenItIsComplete() {
        UUID kept = UUID.randomUUID();
        UUID removed = UUID.randomUUID();
        UUID added = UUID.randomUUID();
        policies.apply(kept, policy(kept, false, null));
        policies.apply(removed, policy(removed, false, null));

        Map<UUID, PolicyOverride> build = policies.newBuild();
        policies.apply(build, kept, policy(kept, null, 55), false);
        policies.apply(build, removed, policy(removed, null, 90), false);
        policies.apply(build, removed, null, false);
        policies.apply(build, added, policy(added, false, null), false);
        assertEquals(Optional.of(PolicyOverride.disabled()), policies.forVolume(removed), "the old state stays in force while rebuilding");
        assertEquals(Optional.empty(), policies.forVolume(added));

        policies.install(build);
        assertEquals(Optional.of(PolicyOverride.threshold(55)), policies.forVolume(kept));
        assertEquals(Optional.empty(), policies.forVolume(removed));
        assertEquals(Optional.of(PolicyOverride.disabled()), policies.forVolume(added));
        assertEquals(2, policies.size());
    }

    @Test
    void aKeyThatIsNotAVolumeIsSkipped() {
        policies.apply(null, policy(UUID.randomUUID(), false, null));
        assertTrue(policies.size() == 0);
    }
}
