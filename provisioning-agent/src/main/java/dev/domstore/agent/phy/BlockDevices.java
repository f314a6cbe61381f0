package dev.domstore.agent.phy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import dev.domstore.common.messages.HostReport;

/**
 * dom0's block devices as sysfs shows them, with their mount state from {@code /proc/mounts}.
 * Disks (and loop and device-mapper devices) are the entries of {@code /sys/block}; a disk's
 * partitions are its subdirectories with a {@code partition} file; {@code holders/} lists the
 * devices stacked on one (an LV on its PV, dm-crypt on a partition). A device counts as mounted
 * when it, one of its partitions or a holder (recursively) is a mount's source. The roots are
 * parameters so that a directory tree can stand in for {@code /sys}, {@code /dev} and
 * {@code /proc/mounts} in tests. Nothing here starts a process.
 */
public class BlockDevices {
    private static final long SECTOR = 512;

    private final Path sysRoot;
    private final Path devRoot;
    private final Path procMounts;

    public BlockDevices() {
        this(Path.of("/sys"), Path.of("/dev"), Path.of("/proc/mounts"));
    }

    public BlockDevices(Path sysRoot, Path devRoot, Path procMounts) {
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
        Tree tree = scan();
        List<Mount> mounts = Mounts.read(procMounts);
        List<HostReport.BlockDevice> devices = new ArrayList<>();
        for (String name : tree.dirs.keySet()) {
            if (name.startsWith("ram")) {
                continue;
            }
            long size = tree.sizeBytes(name);
            if (size == 0) {
                continue;
            }
            DeviceState state = state(tree, mounts, name);
            devices.add(new HostReport.BlockDevice(devRoot.resolve(name).toString(), size, state.mountedReadWrite(), state.mountPoints()));
        }
        return devices;
    }

    /** The state of the device with kernel name {@code kernelName} ({@code sda1}, {@code loop0}, {@code dm-3}), if it exists. */
    public Optional<DeviceState> state(String kernelName) {
        Tree tree = scan();
        if (!tree.dirs.containsKey(kernelName)) {
            return Optional.empty();
        }
        return Optional.of(state(tree, Mounts.read(procMounts), kernelName));
    }

    /**
     * The kernel's name of the device a path under {@code /dev} names ({@code /dev/loop0} → {@code loop0},
     * {@code /dev/mapper/vg0-data} and {@code /dev/vg0/data} → {@code dm-0}), as for a mount's source.
     */
    public Optional<String> kernelNameOfDevicePath(String devicePath) {
        return kernelNameOfSource(devicePath, scan());
    }

    private DeviceState state(Tree tree, List<Mount> mounts, String name) {
        Set<String> related = tree.related(name);
        boolean readWrite = false;
        Set<String> mountPoints = new LinkedHashSet<>();
        for (Mount mount : mounts) {
            Optional<String> source = kernelNameOfSource(mount.source(), tree);
            if (source.isPresent() && related.contains(source.get())) {
                mountPoints.add(mount.mountPoint());
                readWrite |= mount.readWrite();
            }
        }
        return new DeviceState(name, tree.sizeBytes(name), readWrite, new ArrayList<>(mountPoints), tree.holders(name));
    }

    /**
     * Which device a mount source names: {@code /dev/mapper/NAME} and {@code /dev/VG/LV} by their
     * device-mapper name, {@code /dev/X} by X when sysfs has it, and anything else under
     * {@code /dev} (such as {@code /dev/disk/by-uuid/…}) by following its symbolic links.
     */
    private Optional<String> kernelNameOfSource(String source, Tree tree) {
        if (source == null || !source.startsWith("/dev/")) {
            return Optional.empty();
        }
        String relative = source.substring("/dev/".length());
        if (relative.startsWith("mapper/")) {
            return Optional.ofNullable(tree.dmNames.get(relative.substring("mapper/".length())));
        }
        if (tree.dirs.containsKey(relative)) {
            return Optional.of(relative);
        }
        String[] parts = relative.split("/");
        if (parts.length == 2 && tree.dmNames.containsKey(dmName(parts[0], parts[1]))) {
            return Optional.of(tree.dmNames.get(dmName(parts[0], parts[1])));
        }
        Path node = devRoot.resolve(relative);
        try {
            String resolved = node.toRealPath().getFileName().toString();
            return tree.dirs.containsKey(resolved) ? Optional.of(resolved) : Optional.empty();
        } catch (IOException notThere) {
            return Optional.empty();
        }
    }

    /** device-mapper's name of LVM's {@code VG/LV}: each '-' in a name doubled, the two joined by '-'. */
    public static String dmName(String volumeGroup, String logicalVolume) {
        return volumeGroup.replace("-", "--") + "-" + logicalVolume.replace("-", "--");
    }

    private Tree scan() {
        Path block = sysRoot.resolve("block");
        Map<String, Path> dirs = new LinkedHashMap<>();
        Map<String, String> dmNames = new HashMap<>();
        for (Path disk : list(block)) {
            String name = disk.getFileName().toString();
            dirs.put(name, disk);
            readIfPresent(disk.resolve("dm").resolve("name")).map(String::strip).ifPresent(dm -> dmNames.put(dm, name));
            for (Path child : list(disk)) {
                if (Files.exists(child.resolve("partition"))) {
                    dirs.put(child.getFileName().toString(), child);
                }
            }
        }
        return new Tree(dirs, dmNames);
    }

    private record Tree(Map<String, Path> dirs, Map<String, String> dmNames) {

        long sizeBytes(String name) {
            return readIfPresent(dirs.get(name).resolve("size")).map(String::strip).filter(s -> !s.isEmpty())
                    .map(sectors -> Long.parseLong(sectors) * SECTOR).orElse(0L);
        }

        /** The device, its partitions, and every device stacked on any of them, recursively. */
        Set<String> related(String name) {
            return walk(name, new LinkedHashSet<>());
        }

        /** The devices stacked on this one or on one of its partitions, recursively. */
        List<String> holders(String name) {
            Set<String> holders = new LinkedHashSet<>();
            walk(name, holders);
            return new ArrayList<>(holders);
        }

        private Set<String> walk(String name, Set<String> holders) {
            Set<String> seen = new LinkedHashSet<>();
            Deque<String> todo = new ArrayDeque<>(List.of(name));
            while (!todo.isEmpty()) {
                String current = todo.pop();
                if (!seen.add(current) || !dirs.containsKey(current)) {
                    continue;
                }
                Path dir = dirs.get(current);
                for (Path child : list(dir)) {
                    if (Files.exists(child.resolve("partition"))) {
                        todo.push(child.getFileName().toString());
                    }
                }
                for (Path holder : list(dir.resolve("holders"))) {
                    holders.add(holder.getFileName().toString());
                    todo.push(holder.getFileName().toString());
                }
            }
            return seen;
        }
    }

    /** Entries of a directory in name order; none when it does not exist or vanished meanwhile. */
    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted(Comparator.comparing(Path::toString)).toList();
        } catch (NoSuchFileException gone) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }

    private static Optional<String> readIfPresent(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException gone) {
            return Optional.empty();
        } catch (IOException e) {
            // sysfs attributes of a device that is going away can fail to read: treat as absent.
            return Optional.empty();
        }
    }
}
