package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * How full a copy-on-write snapshot's differences area is, published by the agent of its host on
 * {@code domstore.snapshot-usage} keyed by the snapshot's volume id (a compacted topic: the last
 * one per snapshot is what counts).
 *
 * @param cowSizeBytes     size of the differences area
 * @param originSizeBytes  size of the origin: a differences area never needs to be larger
 * @param dataPercent      fill of the differences area, 0 to 100, as lvs reports it
 * @param attr             lvs' {@code lv_attr}; its fifth letter is the state ({@code a} active, {@code I} invalid)
 * @param invalid          the snapshot overflowed and its data is lost
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
public record SnapshotUsage(
        UUID messageId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        String volumeGroup,
        String name,
        String origin,
        long cowSizeBytes,
        long originSizeBytes,
        double dataPercent,
        String attr,
        boolean invalid) implements Versioned {
}
