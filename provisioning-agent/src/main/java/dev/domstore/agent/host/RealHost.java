package dev.domstore.agent.host;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jboss.logging.Logger;

import dev.domstore.agent.file.FileImage;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.agent.loop.LoopDevice;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.lvm.LogicalVolumeInfo;
import dev.domstore.agent.lvm.LvmVolumes;
import dev.domstore.agent.lvm.SnapshotUsages;
import dev.domstore.agent.lvm.VolumeGroupInfo;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.agent.phy.PhysicalDevice;
import dev.domstore.agent.phy.PhysicalDevices;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.HostReachability;

/**
 * The managed host, with the real tools: image files, LVM, loop devices and block devices of dom0.
 * It is this machine, or the guest the runner reaches through its guest agent; either way every
 * command and file access goes through the runner and its host files.
 */
public class RealHost implements HostOperations {
    private static final Logger LOG = Logger.getLogger(RealHost.class);

    private final String hostId;
    private final Supplier<String> hostname;
    private volatile String knownHostname;
    private final FileVolumes files;
    private final LvmVolumes lvm;
    private final PhysicalDevices physical;
    private final LoopDevices loops;
    private final BlockDevices blocks;
    /** LVM missing or failing is logged once, not on every report, until it works again. */
    private final AtomicBoolean lvmFailureLogged = new AtomicBoolean();
    private final AtomicReference<Set<String>> lastLeaks = new AtomicReference<>(Set.of());

    public RealHost(String hostId, String hostname, FileVolumes files, LvmVolumes lvm, PhysicalDevices physical, LoopDevices loops,
            BlockDevices blocks) {
        this(hostId, () -> hostname, files, lvm, physical, loops, blocks);
    }

    /** {@code hostname} is asked for with the first report (and again until it answers), then kept. */
    public RealHost(String hostId, Supplier<String> hostname, FileVolumes files, LvmVolumes lvm, PhysicalDevices physical,
            LoopDevices loops, BlockDevices blocks) {
        this.hostId = hostId;
        this.hostname = hostname;
        this.files = files;
        this.lvm = lvm;
        this.physical = physical;
        this.loops = loops;
        this.blocks = blocks;
    }

    @Override
    public String hostId() {
        return hostId;
    }

    @Override
    public boolean simulated() {
        return false;
    }

    public LvmVolumes lvm() {
        return lvm;
    }

    @Override
    public HostVolume createFile(CreateVolume command) {
        FileImage image = files.create(command);
        return new HostVolume(image.path().toString(), image.sizeBytes(), image.allocatedBytes(), image.filesystem(), false,
                image.createdNow());
    }

    @Override
    public HostVolume createLogicalVolume(CreateVolume command) {
        return lvm.create(command);
    }

    @Override
    public HostVolume createSnapshot(CreateVolume command) {
        return lvm.createSnapshot(command);
    }

    @Override
    public HostVolume describePhysical(CreateVolume command) {
        PhysicalDevice device = physical.describe(command.devicePath());
        if (device.mountedReadWrite()) {
            LOG.warnf("%s (%s) is mounted read-write in dom0 at %s: no domain may have it read-write meanwhile", command.devicePath(),
                    device.canonicalPath(), device.mountPoints());
        }
        return new HostVolume(device.canonicalPath(), device.sizeBytes(), device.sizeBytes(), null, device.mountedReadWrite(), false);
    }

    @Override
    public boolean deleteFile(DeleteVolume command) {
        return files.delete(command);
    }

    @Override
    public boolean deleteLogicalVolume(DeleteVolume command) {
        return lvm.remove(command);
    }

    @Override
    public Resize extendFile(ExtendVolume command) {
        return files.extend(command);
    }

    @Override
    public Resize extendLogicalVolume(ExtendVolume command) {
        return lvm.extend(command);
    }

    @Override
    public OptionalLong currentSizeBytes(ExtendVolume command) {
        return switch (command.kind()) {
            case FILE -> files.currentSizeBytes(command.imagePath());
            case LVM, SNAPSHOT -> lvm.currentSizeBytes(command.volumeGroup(), command.name());
            default -> OptionalLong.empty();
        };
    }

    /**
     * Everything the host has now. A part that cannot be read (LVM not installed, say) is reported
     * empty and logged; it never fails the whole report. A host that does not answer fails it
     * (with {@link dev.domstore.hostexec.HostUnreachableException}): an empty part would tell the
     * inventory its volumes are gone.
     */
    @Override
    public HostReport report() {
        String name = hostname();
        List<HostReport.VolumeGroup> volumeGroups = List.of();
        List<HostReport.LogicalVolume> logicalVolumes = List.of();
        try {
            volumeGroups = lvm.volumeGroups().stream().map(VolumeGroupInfo::toReport).toList();
            logicalVolumes = lvm.logicalVolumes().stream().map(LogicalVolumeInfo::toReport).toList();
            if (lvmFailureLogged.compareAndSet(true, false)) {
                LOG.info("LVM answers again: volume groups and logical volumes are reported again");
            }
        } catch (HostOperationException | UncheckedIOException e) {
            HostReachability.rethrowIfUnreachable(e);
            volumeGroups = List.of();
            logicalVolumes = List.of();
            if (lvmFailureLogged.compareAndSet(false, true)) {
                LOG.warnf("Reporting no volume groups and logical volumes: LVM is not installed or fails (%s). "
                        + "Logged once until it works again.", e.getMessage());
            }
        }
        List<LoopDevice> attached = loops.attached();
        logLeaks(attached);
        List<HostReport.Image> images = List.of();
        try {
            images = files.images();
        } catch (HostOperationException | UncheckedIOException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.warnf("Reporting no images: cannot list %s: %s", files.imageRoot().path(), e.getMessage());
        }
        long imageRootFree;
        try {
            imageRootFree = files.imageRootUsableBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the free space of " + files.imageRoot().path(), e);
        }
        return new HostReport(UUID.randomUUID(), hostId, name, Instant.now(), files.imageRoot().path().toString(), imageRootFree,
                attached.size(), loops.limit(), false, volumeGroups, logicalVolumes,
                attached.stream().map(loop -> new HostReport.LoopDevice(loop.device().toString(), loop.backingFile().toString(),
                        loop.backingFileDeleted())).toList(),
                blocks.all(), images);
    }

    private String hostname() {
        String name = knownHostname;
        if (name == null) {
            name = hostname.get();
            knownHostname = name;
        }
        return name;
    }

    /** Leaked loop devices are logged when the set of them changes, not on every report. */
    private void logLeaks(List<LoopDevice> attached) {
        try {
            List<LoopDevices.Leak> leaks = loops.leaked(attached);
            Set<String> now = leaks.stream().map(leak -> leak.loop().device().toString()).collect(Collectors.toSet());
            if (!now.equals(lastLeaks.getAndSet(now))) {
                leaks.forEach(leak -> LOG.warnf("Leaked loop device %s: %s", leak.loop().device(), leak.reason()));
            }
        } catch (RuntimeException e) {
            LOG.debugf("Cannot look for leaked loop devices: %s", e.getMessage());
        }
    }

    @Override
    public List<SnapshotUsage> snapshotUsage() {
        return SnapshotUsages.from(lvm.snapshots(), hostId, Instant.now());
    }
}
