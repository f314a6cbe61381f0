package dev.domstore.common.validation;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.domstore.common.messages.SnapshotGuardPolicy;

class GuardPolicyRulesTest {
    private static final UUID VOLUME = UUID.fromString("0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02");

    private static SnapshotGuardPolicy policy(Boolean enabled, Integer threshold, Integer step, Long minStep, Double safety,
            Long intervalMillis, Long retryMillis, Long chunk) {
        return new SnapshotGuardPolicy(UUID.randomUUID(), VOLUME, "dom0-a", Instant.now(), "vg0", "snap1", enabled, threshold, step,
                minStep, null, safety, intervalMillis, retryMillis, chunk);
    }

    @Test
    void acceptsTheLimitsThemselves() {
        assertDoesNotThrow(() -> GuardPolicyRules.check(policy(null, 50, 1, 512L, 1.0, 0L, 1000L, 4096L)));
        assertDoesNotThrow(() -> GuardPolicyRules.check(policy(null, 100, 1000, 1L << 50, 100.0, 86_400_000L, 3_600_000L, 512L << 10)));
        assertDoesNotThrow(() -> GuardPolicyRules.check(policy(false, null, null, null, null, null, null, null)));
    }

    static Stream<Arguments> badPolicies() {
        return Stream.of(
                Arguments.of(policy(null, 49, null, null, null, null, null, null), "thresholdPercent", "50 to 100"),
                Arguments.of(policy(null, 101, null, null, null, null, null, null), "thresholdPercent", "snapshot_autoextend_threshold"),
                Arguments.of(policy(null, null, 0, null, null, null, null, null), "stepPercent", "minimumStep"),
                Arguments.of(policy(null, null, 1001, null, null, null, null, null), "stepPercent", "1 to 1000"),
                Arguments.of(policy(null, null, null, 0L, null, null, null, null), "minimumStep", "larger than zero"),
                Arguments.of(policy(null, null, null, 1000L, null, null, null, null), "minimumStep", "512-byte"),
                Arguments.of(policy(null, null, null, null, 0.5, null, null, null), "safetyFactor", "1 to 100"),
                Arguments.of(policy(null, null, null, null, Double.NaN, null, null, null), "safetyFactor", "1 to 100"),
                Arguments.of(policy(null, null, null, null, null, -1L, null, null), "minimumInterval", "0s to 24h"),
                Arguments.of(policy(null, null, null, null, null, 86_400_001L, null, null), "minimumInterval", "0s to 24h"),
                Arguments.of(policy(null, null, null, null, null, null, 999L, null), "retryTimeout", "1s to 1h"),
                Arguments.of(policy(null, null, null, null, null, null, 3_600_001L, null), "retryTimeout", "1s to 1h"),
                Arguments.of(policy(null, null, null, null, null, null, null, 2048L), "chunkSize", "4K to 512K"),
                Arguments.of(policy(null, null, null, null, null, null, null, 1L << 20), "chunkSize", "4K to 512K"),
                Arguments.of(policy(null, null, null, null, null, null, null, 12288L), "chunkSize", "power of two"),
                Arguments.of(policy(null, null, null, null, null, null, null, null), "body", "DELETE"));
    }

    @ParameterizedTest
    @MethodSource("badPolicies")
    void refusesWithTheFieldAndHowToFixIt(SnapshotGuardPolicy policy, String field, String hint) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> GuardPolicyRules.check(policy));
        assertEquals(InvalidInputException.Kind.FIELD, e.kind());
        assertEquals(field, e.field());
        assertTrue(e.getMessage().contains(hint), e.getMessage());
    }
}
