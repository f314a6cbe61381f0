package dev.domstore.agent.phy;

import java.util.List;

/**
 * A block device of dom0 as a PHYSICAL volume sees it.
 *
 * @param canonicalPath    {@code /dev/<kernel name>}, whatever link the request named it by
 * @param mountedReadWrite it, one of its partitions or a device stacked on it is mounted read-write in dom0
 * @param mountPoints      where any of those is mounted
 */
public record PhysicalDevice(String requestedPath, String canonicalPath, String kernelName, long sizeBytes, boolean mountedReadWrite,
        List<String> mountPoints) {

    public PhysicalDevice {
        mountPoints = List.copyOf(mountPoints);
    }
}
