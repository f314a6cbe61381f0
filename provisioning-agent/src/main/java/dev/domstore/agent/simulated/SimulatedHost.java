package dev.domstore.agent.simulated;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.host.HostOperations;
import dev.domstore.agent.host.HostVolume;
import dev.domstore.agent.host.Resize;
import dev.domstore.agent.lvm.LvmCommands;
import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Names;
import dev.domstore.common.validation.Sizes;
import dev.domstore.hostexec.HostOperationException;

/**
 * An in-memory host for demos and load tests: one volume group {@code vg0}, image files, three
 * disks, no loop devices in use. It follows the real host's rules (tags and volume ids, whole
 * extents, no shrinking, busy origins, capacity) and its snapshots fill at a steady write rate
 * until they overflow and turn invalid, as LVM's do. Its reports say {@code simulated: true} and
 * its host name ends with {@value #HOSTNAME_SUFFIX}, so it cannot be taken for a real host.
 */
public final class SimulatedHost implements HostOperations {
    public static final String HOSTNAME_SUFFIX = ".simulated";
    public static final String VOLUME_GROUP = "vg0";
    static final long EXTENT = 4L << 20;
    static final int LOOP_LIMIT = 8;
    private static final long GIB = 1L << 30;

    private final String hostId;
    private final ImageRoot imageRoot;
    private final long vgSize;
    private final long imageRootSize;
    private final long writeRate;
    private final Clock clock;
    private final Map<String, Lv> lvs = new LinkedHashMap<>();
    private final Map<Path, Image> images = new LinkedHashMap<>();
    private final Map<String, Disk> disks = new LinkedHashMap<>();
    private int nextDm;

    /** An LV; for a snapshot, {@code written} bytes of its differences area are used as of {@code asOf}. */
    private static final class Lv {
        final String name;
        final UUID volumeId;
        final String origin;
        final Filesystem filesystem;
        final int dm;
        long size;
        double written;
        Instant asOf;
        boolean invalid;

        Lv(String name, UUID volumeId, long size, String origin, Filesystem filesystem, int dm, Instant now) {
            this.name = name;
            this.volumeId = volumeId;
            this.size = size;
            this.origin = origin;
            this.filesystem = filesystem;
            this.dm = dm;
            this.asOf = now;
        }

        boolean snapshot() {
            return origin != null;
        }
    }

    private record Image(long size, long allocated, Filesystem filesystem) {
    }

    private record Disk(String name, long size, List<String> mountPoints, boolean readWrite) {
    }

    /**
     * @param writeRate bytes per second written into each snapshot's differences area
     */
    public SimulatedHost(String hostId, ImageRoot imageRoot, long vgSize, long imageRootSize, long writeRate, Clock clock) {
        this.hostId = hostId;
        this.imageRoot = imageRoot;
        this.vgSize = vgSize / EXTENT * EXTENT;
        this.imageRootSize = imageRootSize;
        this.writeRate = writeRate;
        this.clock = clock;
        disks.put("sda", new Disk("sda", 64 * GIB, List.of(), false));
        disks.put("sda1", new Disk("sda1", 64 * GIB - (1L << 20), List.of("/"), true));
        disks.put("sdb", new Disk("sdb", this.vgSize + (1L << 20), List.of(), false));
        disks.put("sdc", new Disk("sdc", 256 * GIB, List.of(), false));
    }

    @Override
    public String hostId() {
        return hostId;
    }

    public String hostname() {
        return hostId + HOSTNAME_SUFFIX;
    }

    @Override
    public boolean simulated() {
        return true;
    }

    // ------------------------------------------------------------------ FILE

    @Override
    public synchronized HostVolume createFile(CreateVolume command) {
        Path path = imageRoot.requireImagePath(command.imagePath());
        requireSize("sizeBytes", command.sizeBytes());
        if (command.populateFrom() != null) {
            if (command.filesystem() == null) {
                throw new HostOperationException(FailureReason.INVALID_ARGUMENT,
                        "populateFrom needs a file system to copy into: ask for one (ext4, for example) or leave populateFrom out");
            }
            if (!command.populateFrom().startsWith("/")) {
                throw new HostOperationException(FailureReason.INVALID_ARGUMENT,
                        "populateFrom '" + command.populateFrom() + "' must be an absolute directory on the host");
            }
        }
        Image existing = images.get(path);
        if (existing != null) {
            if (existing.size() != command.sizeBytes() || existing.filesystem() != command.filesystem()) {
                throw new HostOperationException(FailureReason.CONFLICT, "Image " + path + " already exists with " + existing.size()
                        + " bytes and " + (existing.filesystem() == null ? "no file system" : existing.filesystem().typeName())
                        + ", not as asked. domstore never overwrites an image: delete it or choose another name.");
            }
            return new HostVolume(path.toString(), existing.size(), existing.allocated(), existing.filesystem(), false, false);
        }
        long allocated = command.filesystem() == null ? 0 : command.sizeBytes() / 256;
        if (allocated > imageRootFree()) {
            throw new HostOperationException(FailureReason.INSUFFICIENT_CAPACITY, "No space left under " + imageRoot.path()
                    + " for " + path.getFileName() + ": " + imageRootFree() + " bytes free");
        }
        images.put(path, new Image(command.sizeBytes(), allocated, command.filesystem()));
        return new HostVolume(path.toString(), command.sizeBytes(), allocated, command.filesystem(), false, true);
    }

    @Override
    public synchronized boolean deleteFile(DeleteVolume command) {
        return images.remove(imageRoot.requireImagePath(command.imagePath())) != null;
    }

    @Override
    public synchronized Resize extendFile(ExtendVolume command) {
        Path path = imageRoot.requireImagePath(command.imagePath());
        requireSize("newSizeBytes", command.newSizeBytes());
        Image image = images.get(path);
        if (image == null) {
            throw new HostOperationException(FailureReason.NOT_FOUND, "Image " + path + " does not exist: nothing to grow");
        }
        if (command.newSizeBytes() < image.size()) {
            throw shrinking(path.toString(), image.size(), command.newSizeBytes());
        }
        if (command.newSizeBytes() == image.size()) {
            return new Resize(image.size(), false);
        }
        images.put(path, new Image(command.newSizeBytes(), image.allocated(), image.filesystem()));
        return new Resize(command.newSizeBytes(), true);
    }

    // ------------------------------------------------------------------ LVM

    @Override
    public synchronized HostVolume createLogicalVolume(CreateVolume command) {
        requireVolumeGroup(command.volumeGroup());
        String name = lvmName("name", command.name());
        requireSize("sizeBytes", command.sizeBytes());
        long size = roundUp(command.sizeBytes());
        Lv existing = lvs.get(name);
        if (existing != null) {
            requireSame(existing, command.volumeId(), size, null);
            return describe(existing, command.filesystem(), false);
        }
        requireFree(size, name);
        Lv lv = new Lv(name, command.volumeId(), size, null, command.filesystem(), nextDm++, clock.instant());
        lvs.put(name, lv);
        return describe(lv, command.filesystem(), true);
    }

    @Override
    public synchronized HostVolume createSnapshot(CreateVolume command) {
        requireVolumeGroup(command.volumeGroup());
        String name = lvmName("name", command.name());
        String originName = lvmName("originName", command.originName());
        requireSize("sizeBytes", command.sizeBytes());
        long size = roundUp(command.sizeBytes());
        Lv existing = lvs.get(name);
        if (existing != null) {
            requireSame(existing, command.volumeId(), size, originName);
            return describe(existing, null, false);
        }
        Lv origin = lvs.get(originName);
        if (origin == null) {
            throw new HostOperationException(FailureReason.NOT_FOUND, "Origin " + VOLUME_GROUP + "/" + originName + " not found");
        }
        if (origin.snapshot()) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, VOLUME_GROUP + "/" + originName
                    + " is itself a snapshot; LVM cannot snapshot a snapshot");
        }
        requireFree(size, name);
        Lv snapshot = new Lv(name, command.volumeId(), size, originName, null, nextDm++, clock.instant());
        lvs.put(name, snapshot);
        return describe(snapshot, null, true);
    }

    @Override
    public synchronized boolean deleteLogicalVolume(DeleteVolume command) {
        if (!VOLUME_GROUP.equals(command.volumeGroup())) {
            return false;
        }
        Lv lv = lvs.get(command.name());
        if (lv == null) {
            return false;
        }
        requireOurs(lv, command.volumeId(), "remove");
        List<String> snapshots = lvs.values().stream().filter(other -> lv.name.equals(other.origin)).map(other -> other.name).toList();
        if (!snapshots.isEmpty()) {
            throw new HostOperationException(FailureReason.BUSY, VOLUME_GROUP + "/" + lv.name + " has snapshots "
                    + String.join(", ", snapshots) + ": delete them first");
        }
        lvs.remove(lv.name);
        return true;
    }

    @Override
    public synchronized Resize extendLogicalVolume(ExtendVolume command) {
        requireVolumeGroup(command.volumeGroup());
        requireSize("newSizeBytes", command.newSizeBytes());
        Lv lv = lvs.get(command.name());
        if (lv == null) {
            throw new HostOperationException(FailureReason.NOT_FOUND, "LV " + VOLUME_GROUP + "/" + command.name() + " not found: nothing to grow");
        }
        requireOurs(lv, command.volumeId(), "grow");
        if ((command.kind() == VolumeKind.SNAPSHOT) != lv.snapshot()) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, VOLUME_GROUP + "/" + lv.name + " is "
                    + (lv.snapshot() ? "" : "not ") + "a snapshot, but the command is for a " + command.kind() + " volume");
        }
        advance(lv);
        if (lv.invalid) {
            throw new HostOperationException(FailureReason.CONFLICT, "Snapshot " + VOLUME_GROUP + "/" + lv.name
                    + " is invalid: its differences area overflowed and its data is lost; growing it would not bring it back. Delete it.");
        }
        long size = roundUp(command.newSizeBytes());
        if (size < lv.size) {
            throw shrinking(VOLUME_GROUP + "/" + lv.name, lv.size, command.newSizeBytes());
        }
        if (size == lv.size) {
            return new Resize(lv.size, false);
        }
        requireFree(size - lv.size, lv.name);
        lv.size = size;
        return new Resize(size, true);
    }

    // ------------------------------------------------------------------ PHYSICAL

    @Override
    public synchronized HostVolume describePhysical(CreateVolume command) {
        String path = command.devicePath();
        if (path == null || !path.startsWith("/dev/")) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT,
                    "Device path '" + path + "' must be absolute, for example /dev/sdc or /dev/vg0/lv1");
        }
        String relative = path.substring("/dev/".length());
        Disk disk = disks.get(relative);
        if (disk != null) {
            HostReport.BlockDevice state = state(disk);
            return new HostVolume(state.path(), disk.size(), disk.size(), null, state.mountedReadWrite(), false);
        }
        for (Lv lv : lvs.values()) {
            if (relative.equals(VOLUME_GROUP + "/" + lv.name) || relative.equals("mapper/" + VOLUME_GROUP + "-" + lv.name.replace("-", "--"))
                    || relative.equals("dm-" + lv.dm)) {
                return new HostVolume("/dev/dm-" + lv.dm, lv.size, lv.size, null, false, false);
            }
        }
        throw new HostOperationException(FailureReason.NOT_FOUND, "No device at " + path + " on this host");
    }

    @Override
    public synchronized OptionalLong currentSizeBytes(ExtendVolume command) {
        if (command.kind() == VolumeKind.FILE) {
            try {
                Image image = images.get(imageRoot.requireImagePath(command.imagePath()));
                return image == null ? OptionalLong.empty() : OptionalLong.of(image.size());
            } catch (HostOperationException outsideTheRoot) {
                return OptionalLong.empty();
            }
        }
        Lv lv = lvs.get(command.name());
        return lv == null ? OptionalLong.empty() : OptionalLong.of(lv.size);
    }

    // ------------------------------------------------------------------ reports

    @Override
    public synchronized HostReport report() {
        List<HostReport.LogicalVolume> logicalVolumes = new ArrayList<>();
        for (Lv lv : lvs.values()) {
            advance(lv);
            logicalVolumes.add(new HostReport.LogicalVolume(VOLUME_GROUP, lv.name, lv.size, attr(lv), lv.origin,
                    lv.snapshot() ? percent(lv) : null, lv.invalid, tags(lv), lv.volumeId));
        }
        List<HostReport.BlockDevice> blockDevices = new ArrayList<>();
        for (Disk disk : disks.values()) {
            blockDevices.add(state(disk));
        }
        for (Lv lv : lvs.values()) {
            blockDevices.add(new HostReport.BlockDevice("/dev/dm-" + lv.dm, lv.size, false, List.of()));
        }
        List<HostReport.Image> imageList = images.entrySet().stream()
                .map(entry -> new HostReport.Image(entry.getKey().toString(), entry.getValue().size(), entry.getValue().allocated()))
                .toList();
        return new HostReport(UUID.randomUUID(), hostId, hostname(), clock.instant(), imageRoot.path().toString(), imageRootFree(), 0,
                LOOP_LIMIT, true, List.of(new HostReport.VolumeGroup(VOLUME_GROUP, vgSize, vgFree(), EXTENT)), logicalVolumes, List.of(),
                blockDevices, imageList);
    }

    @Override
    public synchronized List<SnapshotUsage> snapshotUsage() {
        List<SnapshotUsage> usage = new ArrayList<>();
        for (Lv lv : lvs.values()) {
            if (!lv.snapshot()) {
                continue;
            }
            advance(lv);
            long originSize = Optional.ofNullable(lvs.get(lv.origin)).map(origin -> origin.size).orElse(0L);
            usage.add(new SnapshotUsage(UUID.randomUUID(), lv.volumeId, hostId, clock.instant(), VOLUME_GROUP, lv.name, lv.origin, lv.size,
                    originSize, percent(lv), attr(lv), lv.invalid));
        }
        return usage;
    }

    // ------------------------------------------------------------------ helpers

    /** A disk with the mounts of itself and its partitions, as the real host reports them. */
    private HostReport.BlockDevice state(Disk disk) {
        List<Disk> related = disks.values().stream().filter(other -> other.name().equals(disk.name())
                || (other.name().startsWith(disk.name()) && other.name().substring(disk.name().length()).matches("[0-9]+"))).toList();
        boolean readWrite = related.stream().anyMatch(d -> d.readWrite() && !d.mountPoints().isEmpty());
        List<String> mountPoints = related.stream().flatMap(d -> d.mountPoints().stream()).toList();
        return new HostReport.BlockDevice("/dev/" + disk.name(), disk.size(), readWrite, mountPoints);
    }

    /** Fills the snapshot's differences area at the write rate up to now; full means invalid, for good. */
    private void advance(Lv lv) {
        Instant now = clock.instant();
        if (lv.snapshot() && !lv.invalid) {
            double seconds = Math.max(0, Duration.between(lv.asOf, now).toNanos()) / 1e9;
            lv.written += writeRate * seconds;
            if (lv.written >= lv.size) {
                lv.written = lv.size;
                lv.invalid = true;
            }
        }
        lv.asOf = now;
    }

    private static double percent(Lv lv) {
        return Math.round(lv.written * 10000.0 / lv.size) / 100.0;
    }

    private String attr(Lv lv) {
        if (lv.snapshot()) {
            return lv.invalid ? "swi-I-s---" : "swi-a-s---";
        }
        boolean origin = lvs.values().stream().anyMatch(other -> lv.name.equals(other.origin));
        return origin ? "owi-a-s---" : "-wi-a-----";
    }

    private static List<String> tags(Lv lv) {
        return List.of(LvmCommands.OWNER_TAG, LvmCommands.volumeTag(lv.volumeId));
    }

    private HostVolume describe(Lv lv, Filesystem filesystem, boolean changed) {
        return new HostVolume(LvmCommands.devicePath(VOLUME_GROUP, lv.name), lv.size, lv.size, filesystem, false, changed);
    }

    private long vgFree() {
        return vgSize - lvs.values().stream().mapToLong(lv -> lv.size).sum();
    }

    private long imageRootFree() {
        return imageRootSize - images.values().stream().mapToLong(Image::allocated).sum();
    }

    private void requireFree(long bytes, String name) {
        if (bytes > vgFree()) {
            throw new HostOperationException(FailureReason.INSUFFICIENT_CAPACITY, "Volume group " + VOLUME_GROUP + " has " + vgFree()
                    + " bytes free, " + bytes + " are needed for " + name);
        }
    }

    private static void requireVolumeGroup(String volumeGroup) {
        if (!VOLUME_GROUP.equals(volumeGroup)) {
            throw new HostOperationException(FailureReason.NOT_FOUND, "Volume group " + volumeGroup + " not found (this simulated host has "
                    + VOLUME_GROUP + ")");
        }
    }

    private static void requireSame(Lv lv, UUID volumeId, long size, String originName) {
        requireOurs(lv, volumeId, "create");
        if (originName == null ? lv.snapshot() : !originName.equals(lv.origin)) {
            throw new HostOperationException(FailureReason.CONFLICT, VOLUME_GROUP + "/" + lv.name + " already exists "
                    + (lv.snapshot() ? "as a snapshot of " + lv.origin : "as a volume of its own") + ": delete it or choose another name");
        }
        if (lv.size != size) {
            throw new HostOperationException(FailureReason.CONFLICT, VOLUME_GROUP + "/" + lv.name + " already exists with " + lv.size
                    + " bytes, not the " + size + " asked for: delete it or choose another name");
        }
    }

    private static void requireOurs(Lv lv, UUID volumeId, String action) {
        if (!lv.volumeId.equals(volumeId)) {
            throw new HostOperationException(FailureReason.CONFLICT, VOLUME_GROUP + "/" + lv.name + " belongs to domstore volume "
                    + lv.volumeId + ", not to " + volumeId + ": domstore will not " + action + " it");
        }
    }

    private static long roundUp(long bytes) {
        return (bytes + EXTENT - 1) / EXTENT * EXTENT;
    }

    private static HostOperationException shrinking(String what, long size, long asked) {
        return new HostOperationException(FailureReason.INVALID_ARGUMENT, what + " has " + size + " bytes; shrinking it to " + asked
                + " is refused: domstore only grows volumes");
    }

    private static String lvmName(String field, String value) {
        try {
            return Names.requireLvmName(field, value);
        } catch (InvalidInputException e) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    private static void requireSize(String field, long sizeBytes) {
        if (sizeBytes <= 0 || sizeBytes % Sizes.SECTOR != 0 || sizeBytes > Sizes.MAX_BYTES) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, field + " " + sizeBytes
                    + " is not a positive multiple of the " + Sizes.SECTOR + "-byte sector of at most " + Sizes.format(Sizes.MAX_BYTES));
        }
    }
}
