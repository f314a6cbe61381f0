package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;

/**
 * Grow a volume to {@code newSizeBytes}: {@code lvextend} for LVM volumes and snapshots (a
 * snapshot's differences area), then the file system when there is one. Growing to the size it
 * already has does nothing; shrinking is refused.
 */
public record ExtendVolume(
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        VolumeKind kind,
        String name,
        String volumeGroup,
        String imagePath,
        long newSizeBytes,
        Filesystem filesystem) implements VolumeCommand {
}
