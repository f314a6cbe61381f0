package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.Filesystem;

/** The volume exists on the host as asked. {@code allocatedBytes} is what it really takes on disk. */
public record VolumeCreated(
        UUID messageId,
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        String path,
        long sizeBytes,
        long allocatedBytes,
        Filesystem filesystem) implements CommandResult {
}
