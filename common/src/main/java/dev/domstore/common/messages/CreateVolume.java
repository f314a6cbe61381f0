package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;

/**
 * Make a volume on a host. Which fields matter depends on the kind:
 * <ul>
 * <li>{@link VolumeKind#FILE}: a sparse image of {@code sizeBytes} at {@code imagePath} (under the
 * host's image root), {@code filesystem} made in it when set, filled from {@code populateFrom} when set;</li>
 * <li>{@link VolumeKind#LVM}: logical volume {@code name} of {@code sizeBytes} in {@code volumeGroup},
 * with {@code filesystem} and {@code populateFrom} as for FILE;</li>
 * <li>{@link VolumeKind#SNAPSHOT}: a copy-on-write snapshot {@code name} of logical volume
 * {@code originName} in {@code volumeGroup}, with a differences area of {@code sizeBytes};</li>
 * <li>{@link VolumeKind#PHYSICAL}: confirm {@code devicePath} exists and is a block device; {@code sizeBytes} is 0.</li>
 * </ul>
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
        String imagePath,
        String volumeGroup,
        String originName,
        String devicePath,
        String populateFrom) implements VolumeCommand {

    public static CreateVolume file(UUID commandId, UUID volumeId, String hostId, Instant occurredAt, String name, long sizeBytes,
            Filesystem filesystem, String imagePath, String populateFrom) {
        return new CreateVolume(commandId, volumeId, hostId, occurredAt, VolumeKind.FILE, name, sizeBytes, filesystem, imagePath,
                null, null, null, populateFrom);
    }

    public static CreateVolume lvm(UUID commandId, UUID volumeId, String hostId, Instant occurredAt, String volumeGroup, String name,
            long sizeBytes, Filesystem filesystem, String populateFrom) {
        return new CreateVolume(commandId, volumeId, hostId, occurredAt, VolumeKind.LVM, name, sizeBytes, filesystem, null,
                volumeGroup, null, null, populateFrom);
    }

    public static CreateVolume snapshot(UUID commandId, UUID volumeId, String hostId, Instant occurredAt, String volumeGroup,
            String originName, String name, long cowSizeBytes) {
        return new CreateVolume(commandId, volumeId, hostId, occurredAt, VolumeKind.SNAPSHOT, name, cowSizeBytes, null, null,
                volumeGroup, originName, null, null);
    }

    public static CreateVolume physical(UUID commandId, UUID volumeId, String hostId, Instant occurredAt, String name, String devicePath) {
        return new CreateVolume(commandId, volumeId, hostId, occurredAt, VolumeKind.PHYSICAL, name, 0, null, null,
                null, null, devicePath, null);
    }
}
