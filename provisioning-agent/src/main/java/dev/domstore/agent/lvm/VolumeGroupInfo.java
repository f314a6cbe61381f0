package dev.domstore.agent.lvm;

import dev.domstore.common.messages.HostReport;

/** One VG as {@code vgs} reports it; {@code extentSizeBytes} is 0 when the report left it out. */
public record VolumeGroupInfo(String name, long sizeBytes, long freeBytes, long extentSizeBytes) {

    /** {@code bytes} rounded up to whole extents, as LVM allocates them. */
    public long roundUp(long bytes) {
        if (extentSizeBytes <= 0) {
            return bytes;
        }
        return (bytes + extentSizeBytes - 1) / extentSizeBytes * extentSizeBytes;
    }

    public HostReport.VolumeGroup toReport() {
        return new HostReport.VolumeGroup(name, sizeBytes, freeBytes, extentSizeBytes);
    }
}
