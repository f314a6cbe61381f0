package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.VolumeKind;

/** Remove a volume from its host. Removing what is already gone succeeds. */
public record DeleteVolume(
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        VolumeKind kind,
        String name,
        String imagePath) implements Command {
}
