package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

/** The volume is gone from the host (or was gone already). */
public record VolumeDeleted(
        UUID messageId,
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt) implements CommandResult {
}
