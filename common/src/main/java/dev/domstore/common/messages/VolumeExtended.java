package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

/** The volume has {@code sizeBytes} now, as read back from the host after the resize. */
public record VolumeExtended(
        UUID messageId,
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        long sizeBytes) implements CommandResult {
}
