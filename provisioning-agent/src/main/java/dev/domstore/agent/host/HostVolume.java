package dev.domstore.agent.host;

import dev.domstore.common.Filesystem;

/**
 * A volume as it is on its host after a create.
 *
 * @param path             the image, {@code /dev/VG/LV}, or a PHYSICAL device's canonical path
 * @param sizeBytes        as read back from the host (LVM rounds up to whole extents)
 * @param allocatedBytes   what it really takes (a sparse image's blocks; an LV's size)
 * @param mountedReadWrite for PHYSICAL: it, a partition or a holder is mounted read-write in dom0
 * @param changed          false when it already existed exactly as asked and was left untouched
 */
public record HostVolume(String path, long sizeBytes, long allocatedBytes, Filesystem filesystem, boolean mountedReadWrite,
        boolean changed) {
}
