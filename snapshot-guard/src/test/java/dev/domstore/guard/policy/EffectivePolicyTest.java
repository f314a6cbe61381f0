package dev.domstore.guard.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.common.messages.SnapshotGuardPolicy;

/** How a snapshot's override merges with the global policy, and what the log says about it. */
class EffectivePolicyTest {
    private static final long MiB = 1 << 20;
    private static final UUID VOLUME = UUID.fromString("7d1e4c1a-2b3c-4d5e-8f90-1a2b3c4d5e6f");
    /** A global policy that differs from the defaults everywhere, to see which value wins. */
    private static final PolicyParams GLOBAL = new PolicyParams(true, 80, 25, 32 * MiB, true, 2.5, Duration.ofSeconds(20),
            Duration.ofSeconds(40), 8192, true);

    @Test
    void withoutAnOverrideTheGlobalPolicyApplies() {
        EffectivePolicy policy = EffectivePolicy.of(GLOBAL, Optional.empty());
        assertEquals(GLOBAL, policy.params());
        assertFalse(policy.overridden());
        assertNull(policy.override());
        assertEquals("global", policy.source());
        assertEquals("policy: global", policy.describe());
    }

    @Test
    void anOverrideChangesWhatItSetsAndNothingElse() {
        EffectivePolicy policy = EffectivePolicy.of(GLOBAL, Optional.of(new PolicyOverride(null, 60, null, 128 * MiB, null, null,
                null, Duration.ofSeconds(45), null)));
        PolicyParams p = policy.params();
        assertEquals(60, p.thresholdPercent());
        assertEquals(128 * MiB, p.minStepBytes());
        assertEquals(Duration.ofSeconds(45), p.retryTimeout());
        assertTrue(p.enabled(), "kept");
        assertEquals(25, p.stepPercent(), "kept");
        assertEquals(2.5, p.safetyFactor(), "kept");
        assertEquals(Duration.ofSeconds(20), p.minInterval(), "kept");
        assertEquals(8192, p.chunkBytes(), "kept");
        assertTrue(p.leakAllowance(), "never per snapshot: a property of the host's kernel");
        assertEquals("override", policy.source());
        assertEquals("policy: override (threshold 60%, min-step 128M, retry-timeout 45s)", policy.describe());
    }

    @Test
    void everyFieldCanBeOverridden() {
        PolicyParams p = GLOBAL.with(new PolicyOverride(false, 100, 50, 1024 * MiB, false, 10.0, Duration.ofMinutes(5),
                Duration.ofSeconds(5), 65536L));
        assertEquals(new PolicyParams(false, 100, 50, 1024 * MiB, false, 10.0, Duration.ofMinutes(5), Duration.ofSeconds(5), 65536,
                true), p);
    }

    @Test
    void disabledIsSaidInTheLog() {
        EffectivePolicy policy = EffectivePolicy.of(GLOBAL, Optional.of(PolicyOverride.disabled()));
        assertFalse(policy.params().enabled());
        assertEquals("policy: override (enabled=false)", policy.describe());
    }

    @Test
    void theInventorysMessageBecomesTheSameOverride() {
        SnapshotGuardPolicy message = new SnapshotGuardPolicy(UUID.randomUUID(), VOLUME, "dom0-a", Instant.now(), "vg0", "snap1", true, 60,
                30, 128 * MiB, false, 4.0, 60_000L, 45_000L, 65_536L);
        assertEquals(new PolicyOverride(true, 60, 30, 128 * MiB, false, 4.0, Duration.ofMinutes(1), Duration.ofSeconds(45), 65_536L),
                PolicyOverride.of(message));
        SnapshotGuardPolicy onlyDisabled = new SnapshotGuardPolicy(UUID.randomUUID(), VOLUME, "dom0-a", Instant.now(), "vg0", "snap1",
                false, null, null, null, null, null, null, null, null);
        assertEquals(PolicyOverride.disabled(), PolicyOverride.of(onlyDisabled));
    }

    @Test
    void theApiIsLaidOverConfigurationFieldByField() {
        PolicyOverrides configured = id -> Optional.of(new PolicyOverride(null, 50, 30, null, null, null, null, null, null));
        PolicyOverrides api = id -> id.equals(VOLUME) ? Optional.of(new PolicyOverride(false, 60, null, null, null, null, null, null, null))
                : Optional.empty();
        PolicyOverrides layered = PolicyOverrides.layered(configured, api);

        assertEquals(new PolicyOverride(false, 60, 30, null, null, null, null, null, null), layered.forVolume(VOLUME).orElseThrow());
        assertEquals(new PolicyOverride(null, 50, 30, null, null, null, null, null, null), layered.forVolume(UUID.randomUUID()).orElseThrow(),
                "configuration alone where the API says nothing");
        assertEquals(Optional.empty(), PolicyOverrides.layered(PolicyOverrides.NONE, PolicyOverrides.NONE).forVolume(VOLUME));
        assertEquals(Optional.of(PolicyOverride.disabled()),
                PolicyOverrides.layered(PolicyOverrides.NONE, id -> Optional.of(PolicyOverride.disabled())).forVolume(VOLUME));
    }

    @Test
    void anImpossibleResultIsRefusedWithWhatIsWrong() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EffectivePolicy.of(GLOBAL, Optional.of(PolicyOverride.threshold(40))));
        assertTrue(e.getMessage().contains("between 50 and 100"), e.getMessage());
    }
}
