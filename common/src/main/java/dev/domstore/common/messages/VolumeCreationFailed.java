package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.FailureReason;

/** The host could not make the volume; nothing of it is left behind. */
public record VolumeCreationFailed(
        UUID messageId,
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        FailureReason reason,
        String message) implements CommandResult {
}
