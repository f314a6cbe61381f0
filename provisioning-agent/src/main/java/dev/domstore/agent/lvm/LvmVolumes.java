package dev.domstore.agent.lvm;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

import org.jboss.logging.Logger;

import dev.domstore.agent.file.FilesystemTools;
import dev.domstore.agent.host.HostVolume;
import dev.domstore.agent.host.Resize;
import dev.domstore.agent.loop.Populator;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Names;
import dev.domstore.common.validation.Sizes;
import dev.domstore.hostexec.HostCommandException;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.HostReachability;

/**
 * LVM volumes and copy-on-write snapshots, the way TopoLVM's lvmd and LINSTOR's LVM provider
 * wrap LVM: every LV domstore makes is tagged {@code domstore} and {@code domstore_volume_<id>},
 * and an LV without those tags is never created over, grown or removed. Every operation is
 * idempotent: an LV that exists as asked is success, removing one that is gone is success,
 * growing to the size it has does nothing; sizes are compared in whole extents, as LVM allocates
 * them, and read back after every change.
 *
 * <p>In metadata-only mode ({@link LvmCommands#metadataOnly()}) only LVM's metadata changes: LVs are
 * not activated, so mkfs, populate and resize2fs are skipped, and snapshots cannot be made.
 */
public class LvmVolumes {
    private static final Logger LOG = Logger.getLogger(LvmVolumes.class);

    private final LvmCommands commands;
    private final HostCommandRunner runner;
    private final Populator populator;
    private final FilesystemTools filesystems;
    private final BlockDevices blockDevices;

    public LvmVolumes(LvmCommands commands, HostCommandRunner runner, Populator populator, BlockDevices blockDevices) {
        this.commands = commands;
        this.runner = runner;
        this.populator = populator;
        this.filesystems = new FilesystemTools(runner);
        this.blockDevices = blockDevices;
    }

    public boolean metadataOnly() {
        return commands.metadataOnly();
    }

    // ------------------------------------------------------------------ queries

    public List<VolumeGroupInfo> volumeGroups() {
        return LvmReports.parseVolumeGroups(runner.query(commands.vgs()).stdout());
    }

    /** Every LV of every VG (hidden internal LVs such as a thin pool's {@code [pool_tdata]} left out). */
    public List<LogicalVolumeInfo> logicalVolumes() {
        return LvmReports.parseLogicalVolumes(runner.query(commands.lvsAll()).stdout());
    }

    /** Every classic snapshot of every VG, from one lvs call. */
    public List<LogicalVolumeInfo> snapshots() {
        return LvmReports.parseLogicalVolumes(runner.query(commands.snapshots()).stdout()).stream()
                .filter(LogicalVolumeInfo::isClassicSnapshot).toList();
    }

    public List<PhysicalVolumeInfo> physicalVolumes() {
        return LvmReports.parsePhysicalVolumes(runner.query(commands.pvs()).stdout());
    }

    /** NOT_FOUND when the VG does not exist. */
    public VolumeGroupInfo volumeGroup(String volumeGroup) {
        return LvmReports.parseVolumeGroups(runner.query(commands.vgs(volumeGroup)).stdout()).stream()
                .filter(vg -> vg.name().equals(volumeGroup)).findFirst()
                .orElseThrow(() -> new HostOperationException(FailureReason.NOT_FOUND, "Volume group " + volumeGroup + " not found"));
    }

    /** The LVs of one VG; NOT_FOUND when the VG does not exist. */
    public List<LogicalVolumeInfo> logicalVolumes(String volumeGroup) {
        return LvmReports.parseLogicalVolumes(runner.query(commands.lvs(volumeGroup)).stdout());
    }

    public Optional<LogicalVolumeInfo> find(String volumeGroup, String name) {
        return logicalVolumes(volumeGroup).stream().filter(lv -> lv.name().equals(name)).findFirst();
    }

    public OptionalLong currentSizeBytes(String volumeGroup, String name) {
        try {
            return find(volumeGroup, name).map(lv -> OptionalLong.of(lv.sizeBytes())).orElse(OptionalLong.empty());
        } catch (RuntimeException e) {
            HostReachability.rethrowIfUnreachable(e);
            return OptionalLong.empty();
        }
    }

    // ------------------------------------------------------------------ create

    /**
     * {@code lvcreate} of a tagged LV, then mkfs and populate when asked (not in metadata-only
     * mode). A failure after lvcreate removes the LV again: nothing of it is left behind.
     */
    public HostVolume create(CreateVolume command) {
        String vg = lvmName("volumeGroup", command.volumeGroup());
        String name = lvmName("name", command.name());
        requireSize("sizeBytes", command.sizeBytes());
        Path source = null;
        if (command.populateFrom() != null) {
            if (command.filesystem() == null) {
                throw new HostOperationException(FailureReason.INVALID_ARGUMENT,
                        "populateFrom needs a file system to copy into: ask for one (ext4, for example) or leave populateFrom out");
            }
            source = populator.requireSourceDirectory(command.populateFrom());
        }
        VolumeGroupInfo group = volumeGroup(vg);
        long size = group.roundUp(command.sizeBytes());
        Optional<LogicalVolumeInfo> existing = find(vg, name);
        if (existing.isPresent()) {
            requireSame(existing.get(), command.volumeId(), size, null);
            if (!metadataOnly() && command.filesystem() != null) {
                finishFilesystem(vg, name, command, source);
            }
            LOG.infof("LV %s/%s already exists as asked (volume %s, %d bytes); left untouched", vg, name, command.volumeId(), size);
            return describe(existing.get(), metadataOnly() ? null : command.filesystem(), false);
        }
        if (size > group.freeBytes()) {
            throw new HostOperationException(FailureReason.INSUFFICIENT_CAPACITY, "Volume group " + vg + " has " + group.freeBytes()
                    + " bytes free, " + size + " are needed for " + name);
        }
        runner.run(commands.lvcreate(vg, name, command.sizeBytes(), command.volumeId()));
        String device = LvmCommands.devicePath(vg, name);
        try {
            if (metadataOnly()) {
                if (command.filesystem() != null || source != null) {
                    LOG.infof("metadata-only LVM: %s/%s is not active, so no file system is made in it and nothing copied into it", vg, name);
                }
            } else {
                if (command.filesystem() != null) {
                    runner.run(LvmCommands.mkfs(command.filesystem(), device));
                }
                if (source != null) {
                    populator.populate(Path.of(device), false, command.filesystem(), source);
                }
            }
        } catch (RuntimeException e) {
            removeAfterFailure(vg, name, e);
            throw e;
        }
        LogicalVolumeInfo made = find(vg, name).orElseThrow(() -> new HostOperationException(FailureReason.INTERNAL,
                "lvcreate succeeded but lvs does not show " + vg + "/" + name));
        LOG.infof("Made LV %s/%s: %d bytes for volume %s", vg, name, made.sizeBytes(), command.volumeId());
        // In metadata-only mode no file system was made: the result must not claim one.
        return describe(made, metadataOnly() ? null : command.filesystem(), true);
    }

    /**
     * A retried create whose LV exists: the earlier attempt may have been cut off (its host became
     * unreachable, the agent crashed) after lvcreate and before mkfs, so the file system asked
     * for is made now if the LV has none. Another file system is a conflict, not ours to replace.
     */
    private void finishFilesystem(String vg, String name, CreateVolume command, Path source) {
        String device = LvmCommands.devicePath(vg, name);
        Optional<String> found = filesystems.probe(Path.of(device));
        if (found.equals(Optional.of(command.filesystem().typeName()))) {
            return;
        }
        if (found.isPresent()) {
            throw new HostOperationException(FailureReason.CONFLICT, "LV " + vg + "/" + name + " already exists with file system " + found.get()
                    + ", not the " + command.filesystem().typeName() + " asked for");
        }
        LOG.infof("LV %s/%s exists without the %s asked for (an earlier attempt was cut off before mkfs): making it now", vg, name,
                command.filesystem().typeName());
        runner.run(LvmCommands.mkfs(command.filesystem(), device));
        if (source != null) {
            populator.populate(Path.of(device), false, command.filesystem(), source);
        }
    }

    /** {@code lvcreate -s} of a tagged copy-on-write snapshot of a domstore LV, with a differences area of {@code sizeBytes}. */
    public HostVolume createSnapshot(CreateVolume command) {
        String vg = lvmName("volumeGroup", command.volumeGroup());
        String name = lvmName("name", command.name());
        String originName = lvmName("originName", command.originName());
        requireSize("sizeBytes", command.sizeBytes());
        VolumeGroupInfo group = volumeGroup(vg);
        long size = group.roundUp(command.sizeBytes());
        List<LogicalVolumeInfo> lvs = logicalVolumes(vg);
        Optional<LogicalVolumeInfo> existing = lvs.stream().filter(lv -> lv.name().equals(name)).findFirst();
        if (existing.isPresent()) {
            requireSame(existing.get(), command.volumeId(), size, originName);
            LOG.infof("Snapshot %s/%s of %s already exists as asked; left untouched", vg, name, originName);
            return describe(existing.get(), null, false);
        }
        LogicalVolumeInfo origin = lvs.stream().filter(lv -> lv.name().equals(originName)).findFirst()
                .orElseThrow(() -> new HostOperationException(FailureReason.NOT_FOUND, "Origin " + vg + "/" + originName + " not found"));
        if (!origin.ownedByDomstore()) {
            throw notOurs(origin, "snapshot");
        }
        if (origin.isClassicSnapshot()) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, vg + "/" + originName
                    + " is itself a snapshot; LVM cannot snapshot a snapshot: snapshot its origin " + origin.origin());
        }
        if (size > group.freeBytes()) {
            throw new HostOperationException(FailureReason.INSUFFICIENT_CAPACITY, "Volume group " + vg + " has " + group.freeBytes()
                    + " bytes free, " + size + " are needed for the differences area of " + name);
        }
        try {
            runner.run(commands.snapshot(vg, originName, name, command.sizeBytes(), command.volumeId()));
        } catch (HostCommandException e) {
            if (e.stderr().contains("without using device-mapper")) {
                throw new HostOperationException(FailureReason.INVALID_ARGUMENT, "This host cannot make snapshots: its kernel has no "
                        + "device-mapper (metadata-only LVM). " + e.getMessage(), e);
            }
            throw e;
        }
        LogicalVolumeInfo made = find(vg, name).orElseThrow(() -> new HostOperationException(FailureReason.INTERNAL,
                "lvcreate -s succeeded but lvs does not show " + vg + "/" + name));
        LOG.infof("Made snapshot %s/%s of %s: differences area of %d bytes for volume %s", vg, name, originName, made.sizeBytes(),
                command.volumeId());
        return describe(made, null, true);
    }

    // ------------------------------------------------------------------ remove

    /**
     * {@code lvremove -f}; gone already is success. Refused with BUSY while the LV is open or has
     * snapshots, and with CONFLICT when it is not this volume's (untagged, or another volume id).
     *
     * @return whether anything was removed
     */
    public boolean remove(DeleteVolume command) {
        String vg = lvmName("volumeGroup", command.volumeGroup());
        String name = lvmName("name", command.name());
        List<LogicalVolumeInfo> lvs;
        try {
            lvs = logicalVolumes(vg);
        } catch (HostOperationException e) {
            if (e.reason() == FailureReason.NOT_FOUND) {
                LOG.warnf("Volume group %s not found: LV %s is gone with it; nothing to remove", vg, name);
                return false;
            }
            throw e;
        }
        Optional<LogicalVolumeInfo> found = lvs.stream().filter(lv -> lv.name().equals(name)).findFirst();
        if (found.isEmpty()) {
            LOG.infof("LV %s/%s is gone already", vg, name);
            return false;
        }
        LogicalVolumeInfo lv = found.get();
        requireOurs(lv, command.volumeId(), "remove");
        if (lv.isOpen()) {
            throw new HostOperationException(FailureReason.BUSY, vg + "/" + name + " is open (lv_attr " + lv.attr()
                    + "): unmount it or stop the domain using it before deleting the volume");
        }
        List<String> snapshots = lvs.stream().filter(other -> name.equals(other.origin())).map(LogicalVolumeInfo::name).toList();
        if (!snapshots.isEmpty()) {
            throw new HostOperationException(FailureReason.BUSY, vg + "/" + name + " has snapshots " + String.join(", ", snapshots)
                    + ": delete them first");
        }
        runner.run(commands.lvremove(vg, name));
        LOG.infof("Removed LV %s/%s of volume %s", vg, name, command.volumeId());
        return true;
    }

    // ------------------------------------------------------------------ extend

    /**
     * {@code lvextend -L <bytes>b VG/NAME}, then, for an LVM volume with an ext2/3/4 file system,
     * {@code resize2fs} (online when mounted, after {@code e2fsck -f -y} when not). For a snapshot
     * this grows the differences area. Shrinking is refused (INVALID_ARGUMENT); the size it has
     * already is a no-op; an invalidated snapshot cannot be saved by growing it (CONFLICT).
     */
    public Resize extend(ExtendVolume command) {
        String vg = lvmName("volumeGroup", command.volumeGroup());
        String name = lvmName("name", command.name());
        requireSize("newSizeBytes", command.newSizeBytes());
        // One lvs for the LV and its VG's room: on an emulated host every LVM call costs seconds, and a snapshot is filling.
        String listing = runner.query(commands.lvs(vg)).stdout();
        LogicalVolumeInfo lv = LvmReports.parseLogicalVolumes(listing).stream().filter(found -> found.name().equals(name)).findFirst()
                .orElseThrow(() -> new HostOperationException(FailureReason.NOT_FOUND, "LV " + vg + "/" + name + " not found: nothing to grow"));
        VolumeGroupInfo group = LvmReports.parseVolumeGroupOfLogicalVolumes(listing).orElseThrow();
        requireOurs(lv, command.volumeId(), "grow");
        boolean snapshot = command.kind() == VolumeKind.SNAPSHOT;
        if (snapshot != lv.isClassicSnapshot()) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, vg + "/" + name + " is " + (lv.isClassicSnapshot() ? "" : "not ")
                    + "a snapshot (lv_attr " + lv.attr() + "), but the command is for a " + command.kind() + " volume");
        }
        if (lv.snapshotInvalid()) {
            throw new HostOperationException(FailureReason.CONFLICT, "Snapshot " + vg + "/" + name
                    + " is invalid: its differences area overflowed and its data is lost; growing it would not bring it back. Delete it.");
        }
        long size = group.roundUp(command.newSizeBytes());
        if (size < lv.sizeBytes()) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, vg + "/" + name + " has " + lv.sizeBytes()
                    + " bytes; shrinking it to " + command.newSizeBytes() + " is refused: domstore only grows volumes");
        }
        if (size == lv.sizeBytes()) {
            LOG.infof("LV %s/%s already has %d bytes; left untouched", vg, name, lv.sizeBytes());
            return new Resize(lv.sizeBytes(), false);
        }
        if (size - lv.sizeBytes() > group.freeBytes()) {
            throw new HostOperationException(FailureReason.INSUFFICIENT_CAPACITY, "Volume group " + vg + " has " + group.freeBytes()
                    + " bytes free, " + (size - lv.sizeBytes()) + " more are needed to grow " + name + " to " + size);
        }
        Path device = Path.of(LvmCommands.devicePath(vg, name));
        boolean growFilesystem = !snapshot && !metadataOnly() && lv.isActive() && FilesystemTools.isExt(filesystems.probe(device));
        if (!snapshot && !metadataOnly() && !lv.isActive() && command.filesystem() != null) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, vg + "/" + name + " is not active (lv_attr " + lv.attr()
                    + "), so its " + command.filesystem().typeName() + " file system cannot be grown with it: activate it (lvchange -ay) first");
        }
        boolean mounted = growFilesystem && isMounted(device);
        if (growFilesystem && !mounted) {
            filesystems.check(device);
        }
        runner.run(commands.lvextend(vg, name, command.newSizeBytes()));
        if (growFilesystem) {
            filesystems.grow(device);
        } else if (metadataOnly() && command.filesystem() != null) {
            LOG.infof("metadata-only LVM: %s/%s is not active, so its file system is not grown", vg, name);
        }
        long grown = mayBeCappedByLvm(lv, size) ? find(vg, name).map(LogicalVolumeInfo::sizeBytes).orElse(size) : size;
        LOG.infof("Grew %s %s/%s from %d to %d bytes%s", snapshot ? "the differences area of snapshot" : "LV", vg, name, lv.sizeBytes(),
                grown, growFilesystem ? (mounted ? " with its mounted file system (online)" : " with its file system") : "");
        return new Resize(grown, true);
    }

    // ------------------------------------------------------------------ helpers

    /**
     * LVM makes an LV exactly {@code size} (already whole extents), except a snapshot's differences
     * area asked to outgrow its origin: that LVM cuts down to what the origin can ever need, so only
     * then is the size read back.
     */
    private static boolean mayBeCappedByLvm(LogicalVolumeInfo lv, long size) {
        return lv.isClassicSnapshot() && (lv.originSizeBytes() == null || size >= lv.originSizeBytes());
    }

    private boolean isMounted(Path device) {
        BlockDevices.Look blocks = blockDevices.read();
        return blocks.kernelNameOfSource(device.toString()).flatMap(blocks::state)
                .map(state -> !state.mountPoints().isEmpty()).orElse(false);
    }

    private HostVolume describe(LogicalVolumeInfo lv, Filesystem filesystem, boolean changed) {
        return new HostVolume(LvmCommands.devicePath(lv.volumeGroup() == null ? "" : lv.volumeGroup(), lv.name()), lv.sizeBytes(),
                lv.sizeBytes(), filesystem, false, changed);
    }

    /** An existing LV is this volume as asked: domstore's, the same volume id, the same size (and for a snapshot, the same origin). */
    private static void requireSame(LogicalVolumeInfo lv, UUID volumeId, long size, String originName) {
        requireOurs(lv, volumeId, "create");
        String where = lv.volumeGroup() + "/" + lv.name();
        if (originName != null && !(lv.isClassicSnapshot() && originName.equals(lv.origin()))) {
            throw new HostOperationException(FailureReason.CONFLICT, where + " already exists, but not as a snapshot of " + originName
                    + " (lv_attr " + lv.attr() + ", origin '" + lv.origin() + "'): delete it or choose another name");
        }
        if (originName == null && lv.isClassicSnapshot()) {
            throw new HostOperationException(FailureReason.CONFLICT, where + " already exists as a snapshot of " + lv.origin()
                    + ", not as a volume of its own: delete it or choose another name");
        }
        if (lv.sizeBytes() != size) {
            throw new HostOperationException(FailureReason.CONFLICT, where + " already exists with " + lv.sizeBytes()
                    + " bytes, not the " + size + " asked for: delete it or choose another name");
        }
    }

    /** Refuses an LV that is not domstore's, or is another volume's. */
    private static void requireOurs(LogicalVolumeInfo lv, UUID volumeId, String action) {
        if (!lv.ownedByDomstore()) {
            throw notOurs(lv, action);
        }
        Optional<UUID> owner = lv.volumeId();
        if (owner.isEmpty() || !owner.get().equals(volumeId)) {
            throw new HostOperationException(FailureReason.CONFLICT, lv.volumeGroup() + "/" + lv.name() + " belongs to domstore volume "
                    + owner.map(UUID::toString).orElse("(unreadable tag)") + ", not to " + volumeId + ": domstore will not " + action + " it");
        }
    }

    private static HostOperationException notOurs(LogicalVolumeInfo lv, String action) {
        return new HostOperationException(FailureReason.CONFLICT, lv.volumeGroup() + "/" + lv.name()
                + " exists and was not made by domstore (no '" + LvmCommands.OWNER_TAG + "' tag; tags: "
                + (lv.tags().isEmpty() ? "none" : String.join(",", lv.tags())) + "): domstore never touches it, so it will not " + action
                + " it. Choose another name, or tag it by hand if it really is domstore's.");
    }

    private void removeAfterFailure(String vg, String name, RuntimeException failure) {
        try {
            runner.run(commands.lvremove(vg, name));
            LOG.infof("Removed %s/%s again after the failure: %s", vg, name, failure.getMessage());
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
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
