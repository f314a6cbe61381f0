package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.VolumeKind;

/**
 * Remove a volume from its host. Removing what is already gone succeeds. For PHYSICAL volumes
 * nothing on the host changes: the device is only no longer handed out.
 */
public record DeleteVolume(
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        VolumeKind kind,
        String name,
        String imagePath,
        String volumeGroup) implements VolumeCommand {
}
