package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.FailureReason;

/** The host could not grow the volume; it keeps {@code sizeBytes}. */
public record VolumeExtensionFailed(
        UUID messageId,
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        long sizeBytes,
        FailureReason reason,
        String message) implements CommandResult {
}
