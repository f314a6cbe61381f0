package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.FailureReason;

/** The host could not remove the volume; it is still there. */
public record VolumeDeletionFailed(
        UUID messageId,
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        FailureReason reason,
        String message) implements CommandResult {
}
