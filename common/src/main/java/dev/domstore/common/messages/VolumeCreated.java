package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import dev.domstore.common.Filesystem;

/**
 * The volume exists on the host as asked. {@code path} is where the host has it (the image, or
 * the block device: {@code /dev/vg/lv}, the canonical device of a PHYSICAL volume);
 * {@code sizeBytes} is its size as read back (LVM rounds up to whole extents);
 * {@code allocatedBytes} is what it really takes (a sparse image's blocks, an LV's size).
 * {@code mountedReadWrite} says whether a PHYSICAL device, a partition of it or a holder is mounted
 * read-write in dom0 right now.
 */
public record VolumeCreated(
        UUID messageId,
        UUID commandId,
        UUID volumeId,
        String hostId,
        Instant occurredAt,
        String path,
        long sizeBytes,
        long allocatedBytes,
        Filesystem filesystem,
        boolean mountedReadWrite) implements CommandResult {
}
