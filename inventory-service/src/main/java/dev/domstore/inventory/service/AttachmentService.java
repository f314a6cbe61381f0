package dev.domstore.inventory.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.domstore.common.VolumeKind;
import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Names;
import dev.domstore.inventory.domain.AccessMode;
import dev.domstore.inventory.domain.Attachment;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.RuleViolation.Rule;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.XenConfig;
import dev.domstore.inventory.domain.XenDomain;

/**
 * Attaching volumes to domains, under the manual's block-device sharing rules, made
 * cluster-wide: read-write is exclusive, read-only may be shared, and a host has only so many
 * loop devices for file-backed disks.
 */
@ApplicationScoped
public class AttachmentService {
    private static final Logger LOG = Logger.getLogger(AttachmentService.class);

    @Inject
    VolumeService volumes;
    @Inject
    DomainEvents events;

    /** The attachment, and whether this call made it (false: it was already there, unchanged). */
    public record Attached(Attachment attachment, boolean created) {
    }

    @Transactional
    public Attached attach(String domainName, String vdev, UUID volumeId, AccessMode mode, boolean force) {
        Names.requireDomainName("domain", domainName);
        Names.requireVirtualDevice("vdev", vdev);
        // Locking the volume serialises every attach of it, so two domains cannot both take it read-write.
        Volume volume = Volume.findById(volumeId, LockModeType.PESSIMISTIC_WRITE);
        if (volume == null) {
            throw new RuleViolation(Rule.VOLUME_NOT_FOUND, "There is no volume with id " + volumeId + ". GET /api/v1/volumes lists them.");
        }
        Attachment existing = Attachment.findById(key(domainName, vdev));
        if (existing != null) {
            if (existing.volumeId.equals(volumeId) && existing.mode == mode) {
                return new Attached(existing, false);
            }
            throw new RuleViolation(Rule.VDEV_IN_USE, "Domain '" + domainName + "' already has volume " + existing.volumeId + " as " + vdev
                    + " (" + existing.mode.letter() + "). Detach it first (DELETE /api/v1/domains/" + domainName + "/disks/" + vdev
                    + ") or use another device name.");
        }
        if (volume.kind == VolumeKind.NFS_ROOT) {
            throw new RuleViolation(Rule.NOT_ATTACHABLE, "Volume " + volume.name + " is an NFS root, not a block device: make it the domain's root "
                    + "with PUT /api/v1/domains/" + domainName + "/nfs-root instead.");
        }
        if (!volume.state.isUsable()) {
            throw new RuleViolation(Rule.VOLUME_NOT_AVAILABLE, "Volume " + volume.name + " (" + volumeId + ") is " + volume.state
                    + "; only an AVAILABLE volume can be attached. Wait until it is AVAILABLE.");
        }
        requireShareable(volume, mode);
        if (mode == AccessMode.READ_WRITE) {
            requireNotMountedInDom0(volume);
            requirePristineOriginUnlessForced(volume, force);
        }
        if (volume.kind == VolumeKind.FILE) {
            requireFreeLoopDevice(volume);
        }

        Instant now = Instant.now();
        if (XenDomain.findById(domainName) == null) {
            XenDomain domain = new XenDomain();
            domain.name = domainName;
            domain.createdAt = now;
            domain.persist();
        }
        Attachment attachment = new Attachment();
        attachment.domainName = domainName;
        attachment.vdev = vdev;
        attachment.volumeId = volumeId;
        attachment.mode = mode;
        attachment.forced = force;
        attachment.attachedAt = now;
        attachment.persist();
        events.volume(EventType.VolumeAttached, volume, attachmentDetails(attachment));
        LOG.infof("Volume %s attached to %s as %s (%s)", volumeId, domainName, vdev, mode.letter());
        return new Attached(attachment, true);
    }

    @Transactional
    public void detach(String domainName, String vdev) {
        Attachment attachment = Attachment.findById(key(domainName, vdev), LockModeType.PESSIMISTIC_WRITE);
        if (attachment == null) {
            throw new RuleViolation(Rule.ATTACHMENT_NOT_FOUND, "Domain '" + domainName + "' has nothing attached as " + vdev
                    + ". GET /api/v1/domains/" + domainName + " shows its disks.");
        }
        Volume volume = Volume.findById(attachment.volumeId, LockModeType.PESSIMISTIC_WRITE);
        attachment.delete();
        events.volume(EventType.VolumeDetached, volume, attachmentDetails(attachment));
    }

    /** The host of what {@code domainName} has attached as {@code vdev}, if anything. */
    public Optional<String> attachmentHost(String domainName, String vdev) {
        return Optional.ofNullable(Attachment.<Attachment>findById(key(domainName, vdev)))
                .map(attachment -> Volume.<Volume>findById(attachment.volumeId).hostId);
    }

    /** The host of {@code domainName}'s NFS root, if it has one. */
    public Optional<String> nfsRootHost(String domainName) {
        return Optional.ofNullable(XenDomain.<XenDomain>findById(domainName)).map(domain -> domain.nfsRootVolumeId)
                .map(id -> Volume.<Volume>findById(id).hostId);
    }

    public List<Attachment> disks(String domainName) {
        requireDomain(domainName);
        return Attachment.ofDomain(domainName);
    }

    /** The domain's configuration lines, as the manual writes them. */
    /** The storage lines of {@code domainName}'s configuration, and what they are made of. */
    public XenConfig config(String domainName) {
        XenDomain domain = requireDomain(domainName);
        List<XenConfig.Disk> disks = Attachment.ofDomain(domainName).stream()
                .map(a -> new XenConfig.Disk(volumes.get(a.volumeId).xenDisk(), a.vdev, a.mode))
                .toList();
        XenConfig.NfsRoot nfsRoot = null;
        if (domain.nfsRootVolumeId != null) {
            Volume root = volumes.get(domain.nfsRootVolumeId);
            nfsRoot = new XenConfig.NfsRoot(root.serverAddress, root.exportPath, domain.dhcp ? null : domain.ip, domain.netmask,
                    domain.gateway, domain.hostname);
        }
        return new XenConfig(disks, nfsRoot);
    }

    /** The network a domain has at boot: DHCP, or a static address (ip required, the rest optional). */
    public record BootNetwork(boolean dhcp, String ip, String netmask, String gateway, String hostname) {
    }

    /**
     * Makes {@code volumeId}, an NFS_ROOT volume, the domain's root. A root exported read-write
     * serves one domain only, as a block device written by one domain does.
     */
    @Transactional
    public XenDomain setNfsRoot(String domainName, UUID volumeId, BootNetwork network) {
        Names.requireDomainName("domain", domainName);
        requireBootNetwork(network);
        Volume volume = Volume.findById(volumeId, LockModeType.PESSIMISTIC_WRITE);
        if (volume == null) {
            throw new RuleViolation(Rule.VOLUME_NOT_FOUND, "There is no volume with id " + volumeId + ". GET /api/v1/volumes lists them.");
        }
        if (volume.kind != VolumeKind.NFS_ROOT) {
            throw new RuleViolation(Rule.NOT_AN_NFS_ROOT, "Volume " + volume.name + " is a " + volume.kind + " volume; a domain's NFS root is an "
                    + "NFS_ROOT volume. Attach block volumes as disks (PUT /api/v1/domains/" + domainName + "/disks/{vdev}) instead.");
        }
        if (!volume.state.isLive()) {
            throw new RuleViolation(Rule.VOLUME_NOT_AVAILABLE, "Volume " + volume.name + " is " + volume.state + ".");
        }
        boolean readWrite = volume.exportClients != null && java.util.Arrays.stream(volume.exportClients.split("\n"))
                .anyMatch(spec -> dev.domstore.common.exports.ExportClient.parse("clients", spec, true).grantsReadWrite());
        if (readWrite) {
            XenDomain.<XenDomain>find("nfsRootVolumeId = ?1 and name <> ?2", volumeId, domainName).firstResultOptional().ifPresent(other -> {
                throw new RuleViolation(Rule.NFS_ROOT_IN_USE, "Volume " + volume.name + " (" + volume.exportPath + ", exported read-write) is "
                        + "already the root of domain '" + other.name + "'; two domains writing one root file system corrupt it. "
                        + "Create another NFS_ROOT volume for this domain.");
            });
        }
        Instant now = Instant.now();
        XenDomain domain = XenDomain.findById(domainName, LockModeType.PESSIMISTIC_WRITE);
        if (domain == null) {
            domain = new XenDomain();
            domain.name = domainName;
            domain.createdAt = now;
            domain.persist();
        }
        domain.nfsRootVolumeId = volumeId;
        domain.dhcp = network.dhcp();
        domain.ip = network.ip();
        domain.netmask = network.netmask();
        domain.gateway = network.gateway();
        domain.hostname = network.hostname();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("domain", domainName);
        details.put("nfsRoot", true);
        details.put("network", network.dhcp() ? "dhcp" : network.ip());
        events.volume(EventType.VolumeAttached, volume, details);
        return domain;
    }

    @Transactional
    public void removeNfsRoot(String domainName) {
        XenDomain domain = requireDomain(domainName);
        if (domain.nfsRootVolumeId == null) {
            throw new RuleViolation(Rule.ATTACHMENT_NOT_FOUND, "Domain '" + domainName + "' has no NFS root.");
        }
        Volume volume = Volume.findById(domain.nfsRootVolumeId, LockModeType.PESSIMISTIC_WRITE);
        domain.nfsRootVolumeId = null;
        events.volume(EventType.VolumeDetached, volume, Map.of("domain", domainName, "nfsRoot", true));
    }

    private static void requireBootNetwork(BootNetwork network) {
        if (network.dhcp() == (network.ip() != null)) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "ip", "Give either \"dhcp\": true, or a static \"ip\" "
                    + "(with \"netmask\", \"gateway\" and \"hostname\" as the domain needs): the domain must reach the NFS server at boot.");
        }
        requireIpv4("ip", network.ip());
        requireIpv4("netmask", network.netmask());
        requireIpv4("gateway", network.gateway());
        if (network.hostname() != null && !network.hostname().matches("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*")) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "hostname", "'" + network.hostname() + "' is not a host name.");
        }
    }

    private static void requireIpv4(String field, String value) {
        if (value != null && !value.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])")) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, field, "'" + value + "' is not an IPv4 address such as 1.2.3.4.");
        }
    }

    public XenDomain requireDomain(String domainName) {
        XenDomain domain = XenDomain.findById(domainName);
        if (domain == null) {
            throw new RuleViolation(Rule.DOMAIN_NOT_FOUND, "There is no domain '" + domainName
                    + "': a domain appears with its first disk (PUT /api/v1/domains/" + domainName + "/disks/{vdev}).");
        }
        return domain;
    }

    /** Rule 1: a volume attached read-write anywhere is exclusive; one attached anywhere cannot become read-write. */
    private static void requireShareable(Volume volume, AccessMode mode) {
        List<Attachment> others = Attachment.ofVolume(volume.id);
        for (Attachment other : others) {
            if (other.mode == AccessMode.READ_WRITE) {
                throw new RuleViolation(Rule.VOLUME_ATTACHED_READ_WRITE, "Volume " + volume.name + " is attached read-write to domain '"
                        + other.domainName + "' as " + other.vdev + "; a block device written by one domain must not be used by another. "
                        + "Detach it there first, or share the data read-write over NFS instead.");
            }
        }
        if (mode == AccessMode.READ_WRITE && !others.isEmpty()) {
            Attachment first = others.get(0);
            throw new RuleViolation(Rule.VOLUME_SHARED_READ_ONLY, "Volume " + volume.name + " is attached read-only to domain '"
                    + first.domainName + "' as " + first.vdev + (others.size() > 1 ? " and " + (others.size() - 1) + " more" : "")
                    + "; writing it would change the file system under them. Attach it read-only (mode r), or detach the others first.");
        }
    }

    /** Rule 2: xend refuses a device mounted read-write in dom0; domstore refuses it before any domain starts. */
    private static void requireNotMountedInDom0(Volume volume) {
        if (volume.kind == VolumeKind.PHYSICAL && volume.mountedReadWrite) {
            throw new RuleViolation(Rule.DEVICE_MOUNTED_IN_DOM0, "Device " + volume.devicePath + " (or a partition or holder of it) is mounted "
                    + "read-write in dom0 of host '" + volume.hostId + "', as its agent last reported. A domain writing it too would corrupt the "
                    + "file system. Unmount it in dom0 (or remount it read-only) and wait for the next report, or attach it read-only (mode r).");
        }
    }

    /** Rule 4: the origin of clones stays pristine, unless the operator says otherwise; the audit records that it did. */
    private static void requirePristineOriginUnlessForced(Volume volume, boolean force) {
        if (volume.kind != VolumeKind.LVM || force) {
            return;
        }
        List<Volume> snapshots = Volume.liveSnapshotsOf(volume.id);
        if (!snapshots.isEmpty()) {
            throw new RuleViolation(Rule.ORIGIN_HAS_SNAPSHOTS, "Volume " + volume.name + " is the origin of " + snapshots.size()
                    + " snapshot(s) (" + snapshots.stream().map(s -> s.name).collect(java.util.stream.Collectors.joining(", "))
                    + "); writing it makes every write cost copy-on-write space in each of them, and the manual keeps such an origin pristine. "
                    + "Attach a snapshot instead, attach it read-only, or pass \"force\": true to write it anyway.");
        }
    }

    /**
     * Rule 3: every file-backed attachment takes one of the host's loop devices when its domain
     * starts. Those already taken by attached images count once; loop devices the host reports
     * for anything else count too.
     */
    private static void requireFreeLoopDevice(Volume volume) {
        Host host = Host.findById(volume.hostId, LockModeType.PESSIMISTIC_WRITE);
        List<Volume> attachedImages = Volume.list("hostId = ?1 and kind = ?2 and id in (select a.volumeId from Attachment a)",
                host.id, VolumeKind.FILE);
        java.util.Set<String> attachedPaths = attachedImages.stream().map(v -> v.imagePath).collect(java.util.stream.Collectors.toSet());
        long attached = Attachment.countFileBackedOnHost(host.id);
        List<HostReport.LoopDevice> loops = host.report().loopDevices();
        long others = loops.isEmpty() ? host.loopDevicesInUse : loops.stream().filter(l -> !attachedPaths.contains(l.backingFile())).count();
        long used = attached + others;
        if (used >= host.loopDeviceLimit) {
            throw new RuleViolation(Rule.LOOP_DEVICES_EXHAUSTED, "Host '" + host.id + "' allows " + host.loopDeviceLimit
                    + " loop devices and " + used + " are taken (" + attached + " by file-backed disks domstore attached, "
                    + others + " by other users on the host). Raise the limit with the max_loop parameter of the loop module "
                    + "(options loop max_loop=64, or max_loop=64 on the kernel command line when loop is built in), "
                    + "or use an LVM or physical volume instead.");
        }
    }

    private static Map<String, Object> attachmentDetails(Attachment attachment) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("domain", attachment.domainName);
        details.put("vdev", attachment.vdev);
        details.put("mode", attachment.mode.letter());
        details.put("forced", attachment.forced);
        return details;
    }

    private static Attachment.Key key(String domainName, String vdev) {
        Attachment.Key key = new Attachment.Key();
        key.domainName = domainName;
        key.vdev = vdev;
        return key;
    }
}
