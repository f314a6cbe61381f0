package dev.domstore.agent.phy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.domstore.common.messages.HostReport;
import dev.domstore.hostexec.HostFiles;

/**
 * dom0's block devices as sysfs shows them, with their mount state from {@code /proc/mounts}.
 * Disks (and loop and device-mapper devices) are the entries of {@code /sys/block}; a disk's
 * partitions are its subdirectories with a {@code partition} file; {@code holders/} lists the
 * devices stacked on one (an LV on its PV, dm-crypt on a partition). A device counts as mounted
 * when it, one of its partitions or a holder (recursively) is a mount's source. Everything is read
 * through the managed host's {@link HostFiles}; the roots are parameters so that a directory tree
 * can stand in for {@code /sys}, {@code /dev} and {@code /proc/mounts} in tests. Nothing here
 * starts a process.
 *
 * <p>Each file read is a command when the host is reached through its guest agent, so one
 * {@link #read() look} reads each sysfs file at most once, and only those the answer needs.
 */
public class BlockDevices {
    private static final long SECTOR = 512;

    private final HostFiles files;
    private final Path sysRoot;
    private final Path devRoot;
    private final Path procMounts;

    /** The managed host's {@code /sys}, {@code /dev} and {@code /proc/mounts}. */
    public BlockDevices(HostFiles files) {
        this(files, Path.of("/sys"), Path.of("/dev"), Path.of("/proc/mounts"));
    }

    public BlockDevices(HostFiles files, Path sysRoot, Path devRoot, Path procMounts) {
        this.files = files;
        this.sysRoot = sysRoot;
        this.devRoot = devRoot;
        this.procMounts = procMounts;
    }

    /** The state of one device and everything stacked on it. */
    public record DeviceState(String kernelName, long sizeBytes, boolean mountedReadWrite, List<String> mountPoints,
            List<String> holders) {
        public DeviceState {
            mountPoints = List.copyOf(mountPoints);
            holders = List.copyOf(holders);
        }

        /** Mounted, or something (an LV, dm-crypt, a domain's device-mapper table) is stacked on it. */
        public boolean inUseByDom0() {
            return !mountPoints.isEmpty() || !holders.isEmpty();
        }
    }

    /**
     * Every disk and partition with its size and mount state, disks in name order, each followed by
     * its partitions. Devices of size 0 (loop devices with nothing attached, empty drives) and RAM
     * disks are left out.
     */
    public List<HostReport.BlockDevice> all() {
        return read().all();
    }

    /** The state of the device with kernel name {@code kernelName} ({@code sda1}, {@code loop0}, {@code dm-3}), if it exists. */
    public Optional<DeviceState> state(String kernelName) {
        return read().state(kernelName);
    }

    /**
     * The kernel's name of the device a path under {@code /dev} names ({@code /dev/loop0} → {@code loop0},
     * {@code /dev/mapper/vg0-data} and {@code /dev/vg0/data} → {@code dm-0}), as for a mount's source.
     */
    public Optional<String> kernelNameOfDevicePath(String devicePath) {
        return read().kernelNameOfSource(devicePath);
    }

    /**
     * One look at the block devices: the list of devices now, with everything else (sizes, holders,
     * mounts) read on first use and kept. Answers several questions from one set of reads; use it
     * briefly, as the devices change under it.
     */
    public Look read() {
        return new Look();
    }

    /** device-mapper's name of LVM's {@code VG/LV}: each '-' in a name doubled, the two joined by '-'. */
    public static String dmName(String volumeGroup, String logicalVolume) {
        return volumeGroup.replace("-", "--") + "-" + logicalVolume.replace("-", "--");
    }

    /** The block devices as of one {@link BlockDevices#read()}. */
    public final class Look {
        /** Disks and their partitions, in report order, with their sysfs directories. */
        private final Map<String, Path> dirs = new LinkedHashMap<>();
        private final Map<String, String> dmNames = new HashMap<>();
        private final Map<String, Long> sizes = new HashMap<>();
        private final Map<String, List<String>> partitions = new HashMap<>();
        private final Map<String, List<String>> holders = new HashMap<>();
        /** Disks whose directory has no {@code holders} entry: nothing to list. */
        private final Set<String> withoutHolders = new LinkedHashSet<>();
        private final Map<String, Optional<String>> sources = new HashMap<>();
        private List<Mount> mounts;

        private Look() {
            Path block = sysRoot.resolve("block");
            for (String disk : list(block)) {
                Path dir = block.resolve(disk);
                dirs.put(disk, dir);
                List<String> entries = list(dir);
                if (entries.contains("dm")) {
                    readIfPresent(dir.resolve("dm").resolve("name")).map(String::strip).ifPresent(dm -> dmNames.put(dm, disk));
                }
                if (!entries.contains("holders")) {
                    withoutHolders.add(disk);
                }
                List<String> found = new ArrayList<>();
                for (String entry : entries) {
                    // The kernel names a partition after its disk (sda1, nvme0n1p1): only such entries can be one.
                    if (entry.startsWith(disk) && !entry.equals(disk) && files.exists(dir.resolve(entry).resolve("partition"))) {
                        dirs.put(entry, dir.resolve(entry));
                        found.add(entry);
                    }
                }
                partitions.put(disk, found);
            }
        }

        /** See {@link BlockDevices#all()}. */
        public List<HostReport.BlockDevice> all() {
            List<HostReport.BlockDevice> devices = new ArrayList<>();
            for (String name : dirs.keySet()) {
                if (name.startsWith("ram")) {
                    continue;
                }
                long size = sizeBytes(name);
                if (size == 0) {
                    continue;
                }
                DeviceState state = stateOf(name);
                devices.add(new HostReport.BlockDevice(devRoot.resolve(name).toString(), size, state.mountedReadWrite(), state.mountPoints()));
            }
            return devices;
        }

        /** See {@link BlockDevices#state(String)}. */
        public Optional<DeviceState> state(String kernelName) {
            return dirs.containsKey(kernelName) ? Optional.of(stateOf(kernelName)) : Optional.empty();
        }

        private DeviceState stateOf(String name) {
            Set<String> stacked = new LinkedHashSet<>();
            Set<String> related = walk(name, stacked);
            boolean readWrite = false;
            Set<String> mountPoints = new LinkedHashSet<>();
            for (Mount mount : mounts()) {
                Optional<String> source = kernelNameOfSource(mount.source());
                if (source.isPresent() && related.contains(source.get())) {
                    mountPoints.add(mount.mountPoint());
                    readWrite |= mount.readWrite();
                }
            }
            return new DeviceState(name, sizeBytes(name), readWrite, new ArrayList<>(mountPoints), new ArrayList<>(stacked));
        }

        /**
         * Which device a mount source names: {@code /dev/mapper/NAME} and {@code /dev/VG/LV} by their
         * device-mapper name, {@code /dev/X} by X when sysfs has it, and anything else under
         * {@code /dev} (such as {@code /dev/disk/by-uuid/…}) by following its symbolic links.
         */
        public Optional<String> kernelNameOfSource(String source) {
            if (source == null || !source.startsWith("/dev/")) {
                return Optional.empty();
            }
            return sources.computeIfAbsent(source, this::resolveSource);
        }

        private Optional<String> resolveSource(String source) {
            String relative = source.substring("/dev/".length());
            if (relative.startsWith("mapper/")) {
                return Optional.ofNullable(dmNames.get(relative.substring("mapper/".length())));
            }
            if (dirs.containsKey(relative)) {
                return Optional.of(relative);
            }
            String[] parts = relative.split("/");
            if (parts.length == 2 && dmNames.containsKey(dmName(parts[0], parts[1]))) {
                return Optional.of(dmNames.get(dmName(parts[0], parts[1])));
            }
            try {
                Path real = files.realPath(devRoot.resolve(relative));
                String resolved = real.getFileName() == null ? "" : real.getFileName().toString();
                return dirs.containsKey(resolved) ? Optional.of(resolved) : Optional.empty();
            } catch (IOException notThere) {
                return Optional.empty();
            }
        }

        private List<Mount> mounts() {
            if (mounts == null) {
                mounts = Mounts.read(files, procMounts);
            }
            return mounts;
        }

        private long sizeBytes(String name) {
            return sizes.computeIfAbsent(name, device -> readIfPresent(dirs.get(device).resolve("size")).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(sectors -> Long.parseLong(sectors) * SECTOR).orElse(0L));
        }

        /** The devices stacked directly on {@code name}. */
        private List<String> holdersOf(String name) {
            return holders.computeIfAbsent(name, device -> withoutHolders.contains(device) ? List.of()
                    : list(dirs.get(device).resolve("holders")));
        }

        /** The device, its partitions, and every device stacked on any of them, recursively; the stacked ones also go to {@code stacked}. */
        private Set<String> walk(String name, Set<String> stacked) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(name));
            while (!todo.isEmpty()) {
                String current = todo.pop();
                if (!seen.add(current) || !dirs.containsKey(current)) {
                    continue;
                }
                for (String partition : partitions.getOrDefault(current, List.of())) {
                    todo.push(partition);
                }
                for (String holder : holdersOf(current)) {
                    stacked.add(holder);
                    todo.push(holder);
                }
            }
            return seen;
        }
    }

    /** Names of a directory's entries in name order; none when it does not exist or vanished meanwhile. */
    private List<String> list(Path dir) {
        try {
            return files.list(dir);
        } catch (NoSuchFileException | NotDirectoryException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private Optional<String> readIfPresent(Path file) {
        try {
            return files.read(file);
        } catch (IOException e) {
            // sysfs attributes of a device that is going away can fail to read: treat as absent.
            return Optional.empty();
        }
    }
}
