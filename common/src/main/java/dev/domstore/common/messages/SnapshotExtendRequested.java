package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * The snapshot-guard asks the inventory to grow a snapshot's differences area from
 * {@code fromCowBytes} to {@code toCowBytes}, on {@code domstore.extend-requests} keyed by volume
 * id. One growth step is identified by (volumeId, fromCowBytes): the inventory acts on a step
 * once, and only while the snapshot still has {@code fromCowBytes}.
 *
 * @param reason       {@code THRESHOLD} (fill passed the threshold) or {@code PREDICTION} (at the
 *                     measured fill rate it would be full before an extension could land)
 * @param secondsToFull predicted time to full at the current rate; absent when the fill is not rising
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
public record SnapshotExtendRequested(
        UUID messageId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        long fromCowBytes,
        long toCowBytes,
        double dataPercent,
        String reason,
        Double secondsToFull) implements Versioned {
}
