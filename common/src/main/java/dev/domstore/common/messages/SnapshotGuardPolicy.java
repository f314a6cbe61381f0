package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One snapshot's own snapshot-guard policy: what it overrides of the guard's global policy. The
 * inventory publishes it through its outbox on {@code domstore.guard-policies}, keyed by the
 * snapshot's volume id, a compacted topic: the last record of a key is the snapshot's override,
 * and a tombstone (a null value) removes it, so that the global policy applies again. The guard
 * rebuilds its overrides by reading the topic from the beginning on start.
 *
 * <p>Every policy field is optional: absent means "as the guard's global policy". The values obey
 * {@link dev.domstore.common.validation.GuardPolicyRules}.
 *
 * @param volumeGroup           the snapshot's volume group, for the guard's log
 * @param name                  the snapshot's logical volume name, for the guard's log
 * @param enabled               false: the guard never asks to extend this snapshot (LVM's dmeventd,
 *                              or nobody, manages it)
 * @param thresholdPercent      lvm.conf's {@code snapshot_autoextend_threshold}: 50–100, 100 turns
 *                              the threshold off (the prediction still runs)
 * @param stepPercent           lvm.conf's {@code snapshot_autoextend_percent}
 * @param minimumStepBytes      every step grows the area by at least this much
 * @param predictionEnabled     extend early when the fill rate says it would be full before an
 *                              extension could land
 * @param safetyFactor          the prediction fires below this many expected reaction times
 * @param minimumIntervalMillis size a step so that the next is not needed sooner than this
 * @param retryTimeoutMillis    a step asked for and not seen done is asked for again after this
 * @param chunkSizeBytes        the snapshot's chunk size (lvcreate --chunksize), for its ceiling
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
public record SnapshotGuardPolicy(
        UUID messageId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        String volumeGroup,
        String name,
        Boolean enabled,
        Integer thresholdPercent,
        Integer stepPercent,
        Long minimumStepBytes,
        Boolean predictionEnabled,
        Double safetyFactor,
        Long minimumIntervalMillis,
        Long retryTimeoutMillis,
        Long chunkSizeBytes) implements Versioned {
}
