package dev.domstore.guard.policy;

import java.util.UUID;

import dev.domstore.common.messages.SnapshotUsage;

/**
 * What the last usage report says about a snapshot.
 *
 * @param invalid the snapshot overflowed: the report says so, or lvs' {@code lv_attr} has {@code I}
 *                (invalid snapshot) or {@code S} (invalid suspended snapshot) as its fifth letter
 */
public record SnapshotFacts(UUID volumeId, String hostId, long cowBytes, long originBytes, double dataPercent, boolean invalid) {

    public static SnapshotFacts of(SnapshotUsage usage) {
        return new SnapshotFacts(usage.volumeId(), usage.hostId(), usage.cowSizeBytes(), usage.originSizeBytes(),
                usage.dataPercent(), isInvalid(usage));
    }

    /** True when the snapshot has overflowed and lost its data. */
    public static boolean isInvalid(SnapshotUsage usage) {
        return usage.invalid() || attrSaysInvalid(usage.attr());
    }

    /** lvs' {@code lv_attr}: the fifth letter is the state; {@code I} and {@code S} are the two invalid-snapshot states. */
    public static boolean attrSaysInvalid(String attr) {
        return attr != null && attr.length() >= 5 && (attr.charAt(4) == 'I' || attr.charAt(4) == 'S');
    }
}
