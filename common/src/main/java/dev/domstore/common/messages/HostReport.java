package dev.domstore.common.messages;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * What really exists on a host, published by its agent on start, on a schedule and after every
 * change, on {@code domstore.host-reports} keyed by host id. A host is known to the inventory once
 * it reports. Lists are empty, never null, when the host has none (or no LVM at all).
 *
 * @param imageRootFreeBytes bytes free for images under {@code imageRoot}
 * @param loopDevicesInUse   loop devices with a backing file attached
 * @param loopDeviceLimit    how many loop devices the host allows ({@code max_loop})
 * @param simulated          true for an in-memory host used in demos and load tests, never a real one
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
public record HostReport(
        UUID messageId,
        String hostId,
        String hostname,
        Instant occurredAt,
        String imageRoot,
        long imageRootFreeBytes,
        int loopDevicesInUse,
        int loopDeviceLimit,
        boolean simulated,
        List<VolumeGroup> volumeGroups,
        List<LogicalVolume> logicalVolumes,
        List<LoopDevice> loopDevices,
        List<BlockDevice> blockDevices,
        List<Image> images) implements Versioned {

    public HostReport {
        volumeGroups = volumeGroups == null ? List.of() : List.copyOf(volumeGroups);
        logicalVolumes = logicalVolumes == null ? List.of() : List.copyOf(logicalVolumes);
        loopDevices = loopDevices == null ? List.of() : List.copyOf(loopDevices);
        blockDevices = blockDevices == null ? List.of() : List.copyOf(blockDevices);
        images = images == null ? List.of() : List.copyOf(images);
    }

    /** A volume group, from {@code vgs}. */
    public record VolumeGroup(String name, long sizeBytes, long freeBytes, long extentSizeBytes) {
    }

    /**
     * A logical volume, from {@code lvs}. {@code volumeId} is set when the LV carries domstore's
     * ownership tag; {@code dataPercent} is a snapshot's fill, null otherwise.
     */
    public record LogicalVolume(String volumeGroup, String name, long sizeBytes, String attr, String origin, Double dataPercent,
            boolean snapshotInvalid, List<String> tags, UUID volumeId) {
    }

    /** A loop device with its backing file; {@code backingFileDeleted} when the file is gone but the device still holds it. */
    public record LoopDevice(String device, String backingFile, boolean backingFileDeleted) {
    }

    /**
     * A block device of dom0 (disk or partition). {@code mountedReadWrite}: it, one of its
     * partitions or a device holding it is mounted read-write; {@code mountPoints} lists where.
     */
    public record BlockDevice(String path, long sizeBytes, boolean mountedReadWrite, List<String> mountPoints) {
    }

    /** An image file under the image root: apparent size and the bytes it really takes. */
    public record Image(String path, long sizeBytes, long allocatedBytes) {
    }

    /** A report of a host with no LVM, no block devices of interest and no images: only the loop and image-root figures. */
    public static HostReport basic(UUID messageId, String hostId, String hostname, Instant occurredAt, String imageRoot,
            long imageRootFreeBytes, int loopDevicesInUse, int loopDeviceLimit, boolean simulated) {
        return new HostReport(messageId, hostId, hostname, occurredAt, imageRoot, imageRootFreeBytes, loopDevicesInUse,
                loopDeviceLimit, simulated, List.of(), List.of(), List.of(), List.of(), List.of());
    }
}
