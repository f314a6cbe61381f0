package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;

/**
 * Make a volume on a host. For {@link VolumeKind#FILE}: a sparse image of {@code sizeBytes} at
 * {@code imagePath} (under the host's image root), with {@code filesystem} made in it when set.
 */
public record CreateVolume(
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        VolumeKind kind,
        String name,
        long sizeBytes,
        Filesystem filesystem,
        String imagePath) implements Command {
}
