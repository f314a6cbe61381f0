package dev.domstore.agent.phy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.domstore.common.FailureReason;
import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.HostReachability;

/**
 * PHYSICAL volumes: an existing block device of dom0, handed to a domain as it is. Nothing on the
 * host changes; the agent only confirms the device exists and is a block device, and says how big
 * it is and whether dom0 has it (or a partition of it, or something stacked on it) mounted
 * read-write, which rule 1 forbids for a domain's read-write disk. The device node is looked at
 * through the runner's host files, so on the host the runner reaches.
 */
public class PhysicalDevices {
    private final HostCommandRunner runner;
    private final HostFiles files;
    private final BlockDevices blockDevices;
    private final Path sysRoot;

    public PhysicalDevices(HostCommandRunner runner, BlockDevices blockDevices, Path sysRoot) {
        this.runner = runner;
        this.files = runner.files();
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
        Optional<HostFiles.DeviceNumber> number;
        try {
            real = files.realPath(Path.of(devicePath));
            number = files.blockDevice(real);
        } catch (NoSuchFileException e) {
            throw new HostOperationException(FailureReason.NOT_FOUND, "No device at " + devicePath + " on this host");
        } catch (IOException e) {
            throw new HostOperationException(FailureReason.INTERNAL, "Cannot resolve " + devicePath + ": " + e, e);
        }
        if (number.isEmpty()) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, devicePath
                    + (real.toString().equals(devicePath) ? "" : " (" + real + ")") + " is a " + fileType(real)
                    + ", not a block device: a PHYSICAL volume is a disk, a partition or an LV");
        }
        HostFiles.DeviceNumber device = number.get();
        String kernelName = kernelNameOf(device).orElse(real.getFileName().toString());
        BlockDevices.DeviceState state = blockDevices.state(kernelName).orElseThrow(() -> new HostOperationException(
                FailureReason.NOT_FOUND, devicePath + " is a device node, but the kernel has no block device " + kernelName
                        + " (major " + device.major() + ", minor " + device.minor() + ")"));
        return new PhysicalDevice(devicePath, "/dev/" + kernelName, kernelName, state.sizeBytes(), state.mountedReadWrite(),
                state.mountPoints());
    }

    /** {@code /sys/dev/block/MAJ:MIN} links to the device's sysfs directory, named as the kernel names the device. */
    private Optional<String> kernelNameOf(HostFiles.DeviceNumber device) {
        Path link = sysRoot.resolve("dev").resolve("block").resolve(device.toString());
        try {
            return Optional.ofNullable(files.realPath(link).getFileName()).map(Path::toString);
        } catch (IOException absent) {
            return Optional.empty();
        }
    }

    /** What the file at {@code path} is, for the message that refuses it; only asked once it is known not to be a block device. */
    private String fileType(Path path) {
        try {
            HostCommandResult stat = runner.probe(fileTypeOf(path));
            if (stat.succeeded()) {
                return describeFileType(stat.stdout());
            }
        } catch (HostOperationException e) {
            HostReachability.rethrowIfUnreachable(e);
            // Otherwise only the message loses a detail.
        }
        return "file";
    }

    /** stat(1)'s name of the file type, links followed. */
    static List<String> fileTypeOf(Path path) {
        return List.of("stat", "-L", "-c", "%F", path.toString());
    }

    /** stat's {@code %F} as the refusal names it. */
    static String describeFileType(String statOutput) {
        String type = statOutput.strip();
        switch (type) {
            case "regular file":
            case "regular empty file":
                return "regular file";
            case "character special file":
                return "character device";
            case "fifo":
                return "FIFO";
            case "":
                return "file";
            default:
                return type;
        }
    }
}
