package dev.domstore.agent.phy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

import dev.domstore.common.FailureReason;
import dev.domstore.hostexec.HostOperationException;

/**
 * PHYSICAL volumes: an existing block device of dom0, handed to a domain as it is. Nothing on the
 * host changes; the agent only confirms the device exists and is a block device, and says how big
 * it is and whether dom0 has it (or a partition of it, or something stacked on it) mounted
 * read-write, which rule 1 forbids for a domain's read-write disk.
 */
public class PhysicalDevices {
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;

    private final BlockDevices blockDevices;
    private final Path sysRoot;

    public PhysicalDevices(BlockDevices blockDevices, Path sysRoot) {
        this.blockDevices = blockDevices;
        this.sysRoot = sysRoot;
    }

    /**
     * The device at {@code devicePath}, symbolic links followed ({@code /dev/vg/lv} →
     * {@code /dev/dm-3}). NOT_FOUND when nothing is there, INVALID_ARGUMENT when it is not a block device.
     */
    public PhysicalDevice describe(String devicePath) {
        if (devicePath == null || !devicePath.startsWith("/")) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT,
                    "Device path '" + devicePath + "' must be absolute, for example /dev/sdb1 or /dev/vg0/lv1");
        }
        Path real;
        try {
            real = Path.of(devicePath).toRealPath();
        } catch (NoSuchFileException e) {
            throw new HostOperationException(FailureReason.NOT_FOUND, "No device at " + devicePath + " on this host");
        } catch (IOException e) {
            throw new HostOperationException(FailureReason.INTERNAL, "Cannot resolve " + devicePath + ": " + e, e);
        }
        int mode;
        long rdev;
        try {
            mode = (Integer) Files.getAttribute(real, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            rdev = (Long) Files.getAttribute(real, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new HostOperationException(FailureReason.INTERNAL, "Cannot stat " + real + ": " + e, e);
        }
        if ((mode & S_IFMT) != S_IFBLK) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, devicePath
                    + (real.toString().equals(devicePath) ? "" : " (" + real + ")") + " is a " + fileType(mode)
                    + ", not a block device: a PHYSICAL volume is a disk, a partition or an LV");
        }
        String kernelName = kernelNameOf(major(rdev), minor(rdev)).orElse(real.getFileName().toString());
        BlockDevices.DeviceState state = blockDevices.state(kernelName).orElseThrow(() -> new HostOperationException(
                FailureReason.NOT_FOUND, devicePath + " is a device node, but the kernel has no block device " + kernelName
                        + " (major " + major(rdev) + ", minor " + minor(rdev) + ")"));
        return new PhysicalDevice(devicePath, "/dev/" + kernelName, kernelName, state.sizeBytes(), state.mountedReadWrite(),
                state.mountPoints());
    }

    /** {@code /sys/dev/block/MAJ:MIN} links to the device's sysfs directory, named as the kernel names the device. */
    private Optional<String> kernelNameOf(long major, long minor) {
        Path link = sysRoot.resolve("dev").resolve("block").resolve(major + ":" + minor);
        try {
            return Optional.of(link.toRealPath().getFileName().toString());
        } catch (IOException absent) {
            return Optional.empty();
        }
    }

    /** glibc's gnu_dev_major. */
    static long major(long dev) {
        return ((dev & 0x00000000000fff00L) >>> 8) | ((dev & 0xfffff00000000000L) >>> 32);
    }

    /** glibc's gnu_dev_minor. */
    static long minor(long dev) {
        return (dev & 0x00000000000000ffL) | ((dev & 0x00000ffffff00000L) >>> 12);
    }

    private static String fileType(int mode) {
        return switch (mode & S_IFMT) {
            case 0100000 -> "regular file";
            case 0040000 -> "directory";
            case 0020000 -> "character device";
            case 0010000 -> "FIFO";
            case 0140000 -> "socket";
            default -> "file of type " + Integer.toOctalString(mode & S_IFMT);
        };
    }
}
