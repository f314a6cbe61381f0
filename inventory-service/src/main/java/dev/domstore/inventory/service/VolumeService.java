package dev.domstore.inventory.service;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.hibernate.exception.ConstraintViolationException;
import org.jboss.logging.Logger;

import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.events.EventType;
import dev.domstore.common.lvm.CowCeiling;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeCreationFailed;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.common.messages.VolumeDeletionFailed;
import dev.domstore.common.messages.VolumeExtended;
import dev.domstore.common.messages.VolumeExtensionFailed;
import dev.domstore.common.validation.ImagePaths;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Names;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.AccessMode;
import dev.domstore.inventory.domain.Attachment;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.RuleViolation.Rule;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;
import dev.domstore.inventory.messaging.Outbox;
import dev.domstore.inventory.messaging.OutboxPublished;
import dev.domstore.inventory.rest.CreateVolumeRequest;
import dev.domstore.inventory.security.Caller;

/**
 * The transaction boundary for volumes: intent, its capacity, its command and its event are
 * written together, or not at all.
 */
@ApplicationScoped
public class VolumeService {
    private static final Logger LOG = Logger.getLogger(VolumeService.class);
    /** Below this, mkfs cannot make a usable file system. */
    static final long MIN_FILESYSTEM_BYTES = 1L << 20;

    @Inject
    Outbox outbox;
    @Inject
    DomainEvents events;
    @Inject
    CapacityService capacity;
    @Inject
    NfsRoots nfsRoots;
    @Inject
    GuardPolicies guardPolicies;
    @Inject
    SnapshotGuarding snapshotGuarding;
    @Inject
    Caller caller;

    @Transactional
    public Volume create(CreateVolumeRequest request) {
        if (request == null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "body",
                    "The request body is missing: send JSON such as {\"name\":\"vm1disk\",\"hostId\":\"dom0-a\",\"kind\":\"FILE\",\"size\":\"2G\"}.");
        }
        VolumeKind kind = parseKind(request.kind());
        if (caller.limitedToHosts() && kind != VolumeKind.SNAPSHOT && blankToNull(request.hostId()) == null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "hostId", "This token is limited to some hosts: name one of "
                    + "them in 'hostId' rather than letting domstore place the volume.");
        }
        Volume volume = switch (kind) {
            case FILE -> planFile(request);
            case LVM -> planLogicalVolume(request);
            case SNAPSHOT -> planSnapshot(request);
            case PHYSICAL -> planPhysical(request);
            case NFS_ROOT -> nfsRoots.plan(request, capacity.lock(requireHostId(request.hostId(), "the NFS server")));
        };
        // The plan decided the host (a snapshot's is its origin's): a token limited to other hosts stops here.
        caller.requireHost(volume.hostId);
        Instant now = Instant.now();
        volume.id = UUID.randomUUID();
        volume.kind = kind;
        volume.namespace = Volume.namespaceOf(kind, volume.volumeGroup);
        volume.state = VolumeState.REQUESTED;
        volume.createdAt = now;
        volume.updatedAt = now;
        Volume.findLive(volume.hostId, volume.namespace, volume.name).ifPresent(existing -> {
            throw new RuleViolation(Rule.DUPLICATE_NAME, "Host '" + volume.hostId + "' already has a " + describeNamespace(volume)
                    + " named '" + volume.name + "' (id " + existing.id + ", " + existing.state + "). Choose another name, or delete that volume first.");
        });
        volume.persist();
        try {
            Volume.flush();
        } catch (ConstraintViolationException raced) {
            throw new RuleViolation(Rule.DUPLICATE_NAME, "A volume named '" + volume.name + "' was just created on host '" + volume.hostId
                    + "' by another request. Choose another name.");
        }

        UUID commandId = UUID.randomUUID();
        Command command = createCommand(commandId, volume, now);
        if (command != null) {
            outbox.enqueueCommand(command, volume.id.toString());
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", commandId.toString());
        if (Boolean.TRUE.equals(request.force())) {
            details.put("forced", true);
        }
        events.volume(EventType.VolumeRequested, volume, details);
        if (kind == VolumeKind.NFS_ROOT) {
            nfsRoots.exportsChanged(volume.hostId, now);
        }
        LOG.infof("Volume %s (%s %s on %s) requested, command %s", volume.id, kind, volume.name, volume.hostId, commandId);
        return volume;
    }

    @Transactional
    public Volume delete(UUID volumeId) {
        Volume volume = lockVolume(volumeId);
        switch (volume.state) {
            case DELETED -> throw new RuleViolation(Rule.VOLUME_DELETED,
                    "Volume " + volumeId + " was already deleted on " + volume.updatedAt + "; there is nothing left to delete.");
            case DELETING -> {
                return volume;
            }
            default -> {
                List<Attachment> attachments = Attachment.ofVolume(volumeId);
                if (!attachments.isEmpty()) {
                    Attachment first = attachments.get(0);
                    throw new RuleViolation(Rule.VOLUME_ATTACHED, "Volume " + volume.name + " is attached to domain '" + first.domainName
                            + "' as " + first.vdev + (attachments.size() > 1 ? " and " + (attachments.size() - 1) + " more" : "")
                            + ". Detach it first (DELETE /api/v1/domains/" + first.domainName + "/disks/" + first.vdev + ").");
                }
                nfsRoots.requireNotDomainRoot(volume);
                List<Volume> snapshots = Volume.liveSnapshotsOf(volumeId);
                if (!snapshots.isEmpty()) {
                    throw new RuleViolation(Rule.ORIGIN_HAS_SNAPSHOTS, "Volume " + volume.name + " is the origin of snapshot(s) "
                            + snapshots.stream().map(s -> s.name + " (" + s.id + ")").collect(Collectors.joining(", "))
                            + "; they would lose their data with it. Delete the snapshots first.");
                }
                Instant now = Instant.now();
                volume.clearFailure();
                volume.moveTo(VolumeState.DELETING, now);
                UUID commandId = UUID.randomUUID();
                if (volume.kind == VolumeKind.NFS_ROOT) {
                    nfsRoots.exportsChanged(volume.hostId, now);
                } else {
                    outbox.enqueueCommand(new DeleteVolume(commandId, volume.id, volume.hostId, now, volume.kind, volume.name,
                            volume.imagePath, volume.volumeGroup), volume.id.toString());
                }
                events.volume(EventType.VolumeDeletionRequested, volume, Map.of("commandId", commandId.toString()));
                LOG.infof("Volume %s deletion requested, command %s", volume.id, commandId);
                return volume;
            }
        }
    }

    /**
     * Grows a volume to {@code newSizeBytes}. Growing to the size it has changes nothing (and
     * returns false); shrinking is refused.
     */
    @Transactional
    public boolean extend(UUID volumeId, long newSizeBytes) {
        return extend(volumeId, newSizeBytes, Map.of());
    }

    /** As {@link #extend(UUID, long)}, with {@code details} (who asked, why) added to the audit event. */
    @Transactional
    public boolean extend(UUID volumeId, long newSizeBytes, Map<String, Object> details) {
        Volume volume = lockVolume(volumeId);
        if (volume.kind != VolumeKind.LVM && volume.kind != VolumeKind.SNAPSHOT && volume.kind != VolumeKind.FILE) {
            throw new RuleViolation(Rule.NOT_EXTENDABLE, "A " + volume.kind + " volume cannot be extended by domstore: "
                    + (volume.kind == VolumeKind.PHYSICAL ? "a physical device's size is the device's." : "an NFS root has no size of its own."));
        }
        if (volume.state == VolumeState.EXTENDING) {
            throw new RuleViolation(Rule.VOLUME_BUSY, "Volume " + volume.name + " is being extended to " + Sizes.format(volume.sizeBytes)
                    + " already; wait until it is AVAILABLE again, then ask.");
        }
        if (volume.state != VolumeState.AVAILABLE && volume.state != VolumeState.AT_RISK) {
            throw new RuleViolation(Rule.VOLUME_NOT_AVAILABLE, "Volume " + volume.name + " is " + volume.state
                    + "; only an AVAILABLE (or AT_RISK) volume can be extended.");
        }
        long current = volume.sizeBytes;
        if (newSizeBytes < current) {
            throw new RuleViolation(Rule.SHRINK_REFUSED, "Volume " + volume.name + " is " + Sizes.format(current) + "; " + Sizes.format(newSizeBytes)
                    + " would shrink it. domstore never shrinks a volume: a file system cut short loses data. Ask for " + Sizes.format(current) + " or more.");
        }
        if (newSizeBytes == current) {
            return false;
        }
        Host host = capacity.lock(volume.hostId);
        long growth = newSizeBytes - current;
        switch (volume.kind) {
            case FILE -> capacity.requireImageRootSpace(host, growth);
            case SNAPSHOT -> {
                requireNoLargerThanOriginNeeds(Volume.findById(volume.originId), newSizeBytes, capacity.extentSize(host, volume.volumeGroup));
                capacity.requireVolumeGroupSpace(host, volume.volumeGroup, growth);
            }
            default -> capacity.requireVolumeGroupSpace(host, volume.volumeGroup, growth);
        }
        Instant now = Instant.now();
        volume.sizeBytes = newSizeBytes;
        volume.clearFailure();
        volume.moveTo(VolumeState.EXTENDING, now);
        UUID commandId = UUID.randomUUID();
        outbox.enqueueCommand(new ExtendVolume(commandId, volume.id, volume.hostId, now, volume.kind, volume.name, volume.volumeGroup,
                volume.imagePath, newSizeBytes, volume.filesystem), volume.id.toString());
        Map<String, Object> eventData = new LinkedHashMap<>(details);
        eventData.put("commandId", commandId.toString());
        eventData.put("fromBytes", current);
        eventData.put("toBytes", newSizeBytes);
        events.volume(EventType.VolumeExtensionRequested, volume, eventData);
        return true;
    }

    /** Applies what a host made of a command. Results that no longer fit the volume's state are logged and dropped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(CommandResult result) {
        Volume volume = Volume.findById(result.volumeId(), LockModeType.PESSIMISTIC_WRITE);
        if (volume == null) {
            LOG.warnf("Result %s for unknown volume %s dropped", result.messageId(), result.volumeId());
            return;
        }
        boolean applies;
        if (result instanceof VolumeCreated || result instanceof VolumeCreationFailed) {
            applies = volume.state == VolumeState.REQUESTED || volume.state == VolumeState.PROVISIONING;
        } else if (result instanceof VolumeExtended || result instanceof VolumeExtensionFailed) {
            applies = volume.state == VolumeState.EXTENDING;
        } else {
            applies = volume.state == VolumeState.DELETING;
        }
        if (!applies) {
            LOG.infof("Result %s (%s) for volume %s ignored: the volume is %s now", result.messageId(),
                    result.getClass().getSimpleName(), volume.id, volume.state);
            return;
        }
        Instant now = Instant.now();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", result.commandId().toString());
        EventType type;
        if (result instanceof VolumeCreated created) {
            volume.allocatedBytes = created.allocatedBytes();
            volume.hostSizeBytes = created.sizeBytes();
            volume.hostConfirmedAt = created.occurredAt();
            volume.hostPath = created.path();
            if (volume.kind == VolumeKind.PHYSICAL) {
                volume.sizeBytes = created.sizeBytes();
                volume.mountedReadWrite = created.mountedReadWrite();
                details.put("device", created.path());
                details.put("mountedReadWrite", created.mountedReadWrite());
            }
            volume.moveTo(VolumeState.AVAILABLE, now);
            details.put("allocatedBytes", created.allocatedBytes());
            type = EventType.VolumeCreated;
        } else if (result instanceof VolumeCreationFailed failed) {
            volume.fail(VolumeState.FAILED, failed.reason(), failed.message(), now);
            type = EventType.VolumeCreationFailed;
        } else if (result instanceof VolumeExtended extended) {
            volume.hostSizeBytes = extended.sizeBytes();
            volume.hostConfirmedAt = extended.occurredAt();
            volume.moveTo(VolumeState.AVAILABLE, now);
            details.put("sizeBytes", extended.sizeBytes());
            type = EventType.VolumeExtended;
        } else if (result instanceof VolumeExtensionFailed failed) {
            // The host kept the old size: so does the intent, and the capacity promised for the growth is released.
            volume.sizeBytes = failed.sizeBytes() > 0 ? failed.sizeBytes() : volume.hostSizeBytes;
            volume.fail(VolumeState.AVAILABLE, failed.reason(), "Extension failed: " + failed.message(), now);
            type = EventType.VolumeExtensionFailed;
        } else if (result instanceof VolumeDeleted) {
            volume.allocatedBytes = 0L;
            volume.moveTo(VolumeState.DELETED, now);
            type = EventType.VolumeDeleted;
        } else if (result instanceof VolumeDeletionFailed failed) {
            // Still on the host and usable as before; the failure tells the operator why DELETE did not take.
            volume.fail(VolumeState.AVAILABLE, failed.reason(), "Deletion failed: " + failed.message(), now);
            type = EventType.VolumeDeletionFailed;
        } else {
            throw new IllegalStateException("Unhandled result " + result);
        }
        if (volume.failureReason != null) {
            details.put("reason", volume.failureReason.name());
            details.put("message", volume.failureMessage);
        }
        events.volume(type, volume, details);
        guardPolicies.volumeGone(volume);
        snapshotGuarding.takeDeferred(volume);
    }

    /** A create command reached its host's queue: the volume is now being provisioned. */
    void onPublished(@Observes OutboxPublished published) {
        List<UUID> created = published.messages().stream()
                .filter(message -> message.type().equals(CreateVolume.class.getSimpleName()))
                .map(message -> UUID.fromString(message.aggregateId()))
                .toList();
        // An export set is keyed by its NFS server: its new exports are on their way too.
        List<String> exportServers = published.messages().stream()
                .filter(message -> message.type().equals(ApplyExports.class.getSimpleName()))
                .map(OutboxPublished.Message::aggregateId)
                .toList();
        if (created.isEmpty() && exportServers.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<Volume> requested = Volume.<Volume>find("(id in ?1 or (kind = ?2 and hostId in ?3)) and state = ?4",
                created.isEmpty() ? List.of(new UUID(0, 0)) : created, VolumeKind.NFS_ROOT,
                exportServers.isEmpty() ? List.of("") : exportServers, VolumeState.REQUESTED)
                .withLock(LockModeType.PESSIMISTIC_WRITE).list();
        for (Volume volume : requested) {
            volume.moveTo(VolumeState.PROVISIONING, now);
            events.volume(EventType.VolumeProvisioningStarted, volume, Map.of());
        }
    }

    public Volume get(UUID volumeId) {
        Volume volume = Volume.findById(volumeId);
        if (volume == null) {
            throw volumeNotFound(volumeId);
        }
        return volume;
    }

    private Volume planFile(CreateVolumeRequest request) {
        refuseFields(VolumeKind.FILE, "volumeGroup", request.volumeGroup(), "originId", request.originId(), "cowSize", request.cowSize(),
                "devicePath", request.devicePath(), "path", request.path(), "serverAddress", request.serverAddress());
        String name = Names.requireFileName("name", request.name());
        long sizeBytes = Sizes.parse("size", request.size());
        Filesystem filesystem = requireFilesystemFits(request, sizeBytes);
        CapacityService.Placement placement = capacity.placeFile(blankToNull(request.hostId()), sizeBytes);
        Volume volume = new Volume();
        volume.hostId = placement.host().id;
        volume.name = name;
        volume.sizeBytes = sizeBytes;
        volume.filesystem = filesystem;
        volume.populateFrom = optionalDirectory("populateFrom", request.populateFrom());
        volume.imagePath = ImagePaths.resolve(placement.host().imageRoot, name).toString();
        return volume;
    }

    private Volume planLogicalVolume(CreateVolumeRequest request) {
        refuseFields(VolumeKind.LVM, "originId", request.originId(), "cowSize", request.cowSize(), "devicePath", request.devicePath(),
                "path", request.path(), "serverAddress", request.serverAddress());
        String name = Names.requireLvmName("name", request.name());
        String volumeGroup = request.volumeGroup() == null ? null : Names.requireLvmName("volumeGroup", request.volumeGroup());
        long sizeBytes = Sizes.parse("size", request.size());
        Filesystem filesystem = requireFilesystemFits(request, sizeBytes);
        CapacityService.Placement placement = capacity.placeLogicalVolume(blankToNull(request.hostId()), volumeGroup, sizeBytes);
        Volume volume = new Volume();
        volume.hostId = placement.host().id;
        volume.volumeGroup = placement.volumeGroup();
        volume.name = name;
        volume.sizeBytes = sizeBytes;
        volume.filesystem = filesystem;
        volume.populateFrom = optionalDirectory("populateFrom", request.populateFrom());
        return volume;
    }

    private Volume planSnapshot(CreateVolumeRequest request) {
        refuseFields(VolumeKind.SNAPSHOT, "filesystem", request.filesystem(), "populateFrom", request.populateFrom(),
                "devicePath", request.devicePath(), "path", request.path(), "serverAddress", request.serverAddress(), "size", request.size());
        String name = Names.requireLvmName("name", request.name());
        Volume origin = requireOrigin(request.originId());
        if (request.hostId() != null && !request.hostId().equals(origin.hostId)) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "hostId", "A snapshot lives beside its origin, on host '"
                    + origin.hostId + "'; leave 'hostId' out or give that one.");
        }
        if (request.volumeGroup() != null && !request.volumeGroup().equals(origin.volumeGroup)) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "volumeGroup", "A snapshot lives in its origin's volume group '"
                    + origin.volumeGroup + "'; leave 'volumeGroup' out or give that one.");
        }
        long cowBytes = Sizes.parse("cowSize", request.cowSize());
        Host host = capacity.lock(origin.hostId);
        requireNoLargerThanOriginNeeds(origin, cowBytes, capacity.extentSize(host, origin.volumeGroup));
        if (!Boolean.TRUE.equals(request.force())) {
            Attachment.ofVolume(origin.id).stream().filter(a -> a.mode == AccessMode.READ_WRITE).findFirst().ifPresent(a -> {
                throw new RuleViolation(Rule.ORIGIN_IN_USE, "Origin " + origin.name + " is attached read-write to domain '" + a.domainName
                        + "' as " + a.vdev + ": a clone of a file system being written is inconsistent, and the origin must stay pristine. "
                        + "Detach it first, or pass \"force\": true to clone it anyway.");
            });
        }
        capacity.requireVolumeGroupSpace(host, origin.volumeGroup, cowBytes);
        Volume volume = new Volume();
        volume.hostId = origin.hostId;
        volume.volumeGroup = origin.volumeGroup;
        volume.originId = origin.id;
        volume.name = name;
        volume.sizeBytes = cowBytes;
        volume.filesystem = origin.filesystem;
        return volume;
    }

    private Volume planPhysical(CreateVolumeRequest request) {
        refuseFields(VolumeKind.PHYSICAL, "size", request.size(), "filesystem", request.filesystem(), "volumeGroup", request.volumeGroup(),
                "originId", request.originId(), "cowSize", request.cowSize(), "populateFrom", request.populateFrom(), "path", request.path(),
                "serverAddress", request.serverAddress());
        String devicePath = requireDevicePath(request.devicePath());
        Host host = capacity.lock(requireHostId(request.hostId(), "the host whose device it is"));
        String name = request.name() == null
                ? Names.requireFileName("name", devicePath.substring("/dev/".length()).replace('/', '-'))
                : Names.requireFileName("name", request.name());
        Volume.findLiveDevice(host.id, devicePath).ifPresent(existing -> {
            throw new RuleViolation(Rule.DEVICE_ALREADY_REGISTERED, "Device " + devicePath + " on host '" + host.id + "' is already registered as volume "
                    + existing.name + " (" + existing.id + "). Use that volume.");
        });
        Volume volume = new Volume();
        volume.hostId = host.id;
        volume.name = name;
        volume.devicePath = devicePath;
        volume.sizeBytes = 0;
        return volume;
    }

    private static Command createCommand(UUID commandId, Volume volume, Instant now) {
        return switch (volume.kind) {
            case FILE -> CreateVolume.file(commandId, volume.id, volume.hostId, now, volume.name, volume.sizeBytes, volume.filesystem,
                    volume.imagePath, volume.populateFrom);
            case LVM -> CreateVolume.lvm(commandId, volume.id, volume.hostId, now, volume.volumeGroup, volume.name, volume.sizeBytes,
                    volume.filesystem, volume.populateFrom);
            case SNAPSHOT -> CreateVolume.snapshot(commandId, volume.id, volume.hostId, now, volume.volumeGroup,
                    Volume.<Volume>findById(volume.originId).name, volume.name, volume.sizeBytes);
            case PHYSICAL -> CreateVolume.physical(commandId, volume.id, volume.hostId, now, volume.name, volume.devicePath);
            // The NFS server's whole export set is sent as one ApplyExports command (NfsRoots.exportsChanged).
            case NFS_ROOT -> null;
        };
    }

    private Volume requireOrigin(String originId) {
        if (originId == null || originId.isBlank()) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "originId", "'originId' is missing: give the id of the LVM volume to clone.");
        }
        UUID id;
        try {
            id = UUID.fromString(originId);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "originId", "'" + originId + "' is not a volume id.");
        }
        Volume origin = Volume.findById(id, LockModeType.PESSIMISTIC_WRITE);
        if (origin == null) {
            throw volumeNotFound(id);
        }
        if (origin.kind != VolumeKind.LVM) {
            throw new RuleViolation(Rule.INVALID_ORIGIN, "Volume " + origin.name + " is a " + origin.kind + " volume; only LVM volumes can be "
                    + "snapshotted (lvcreate -s). Give the id of an LVM volume.");
        }
        if (!origin.state.isUsable()) {
            throw new RuleViolation(Rule.INVALID_ORIGIN, "Origin " + origin.name + " is " + origin.state + "; wait until it is AVAILABLE.");
        }
        return origin;
    }

    /** A differences area can use the origin's size plus the exception metadata ({@link CowCeiling}); more is never needed. */
    private static void requireNoLargerThanOriginNeeds(Volume origin, long cowBytes, long extentBytes) {
        long ceiling = CowCeiling.largestCeilingBytes(origin.sizeBytes, extentBytes);
        if (cowBytes > ceiling) {
            throw new RuleViolation(Rule.SNAPSHOT_LARGER_THAN_ORIGIN, "A differences area of " + Sizes.format(cowBytes) + " is more than any snapshot of "
                    + origin.name + " (" + Sizes.format(origin.sizeBytes) + ") can use: even with every block changed it holds the origin's "
                    + "size plus the exception metadata, " + Sizes.format(ceiling) + " at most. Ask for " + Sizes.format(ceiling) + " or less.");
        }
    }

    private static Filesystem requireFilesystemFits(CreateVolumeRequest request, long sizeBytes) {
        Filesystem filesystem = Filesystem.parseOptional(request.filesystem());
        if (filesystem != null && sizeBytes < MIN_FILESYSTEM_BYTES) {
            throw new InvalidInputException(InvalidInputException.Kind.SIZE, "size",
                    "A volume with a " + filesystem.typeName() + " file system needs at least 1M; ask for more, or leave 'filesystem' out.");
        }
        if (filesystem == null && request.populateFrom() != null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "populateFrom",
                    "'populateFrom' copies files into the volume's file system: give a 'filesystem' too, such as ext4.");
        }
        return filesystem;
    }

    /** An absolute, normalised directory path, or null when absent. */
    static String optionalDirectory(String field, String path) {
        if (path == null) {
            return null;
        }
        if (path.isBlank() || !path.startsWith("/") || path.chars().anyMatch(c -> c < 0x20)) {
            throw new InvalidInputException(InvalidInputException.Kind.PATH, field, "'" + field + "' must be an absolute directory on the host, such as /srv/rootfs; got '" + path + "'.");
        }
        String normalised = Path.of(path).normalize().toString();
        if (!normalised.equals(path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path)) {
            throw new InvalidInputException(InvalidInputException.Kind.PATH, field, "'" + path + "' is not a plain path (it has . or .. or repeated /): write it as " + normalised + ".");
        }
        return normalised;
    }

    private static String requireDevicePath(String devicePath) {
        if (devicePath == null || devicePath.isBlank()) {
            throw new InvalidInputException(InvalidInputException.Kind.PATH, "devicePath", "'devicePath' is missing: give the block device in dom0, such as /dev/hda3 or /dev/vg/lvm1.");
        }
        String normalised = Path.of(devicePath).normalize().toString();
        if (!devicePath.equals(normalised) || !normalised.startsWith("/dev/") || normalised.length() <= "/dev/".length()
                || devicePath.chars().anyMatch(c -> c <= 0x20 || c == ',' || c == '\'')) {
            throw new InvalidInputException(InvalidInputException.Kind.PATH, "devicePath", "'" + devicePath + "' is not a device path: give a path under /dev, "
                    + "without . or .., spaces, commas or quotes, such as /dev/hda3.");
        }
        return devicePath;
    }

    /** Rejects fields that mean nothing for {@code kind}, rather than silently ignoring them. */
    static void refuseFields(VolumeKind kind, Object... fieldsAndValues) {
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            if (fieldsAndValues[i + 1] != null) {
                String field = (String) fieldsAndValues[i];
                throw new InvalidInputException(InvalidInputException.Kind.FIELD, field, "'" + field + "' does not apply to " + kind
                        + " volumes; leave it out.");
            }
        }
    }

    static String requireHostId(String hostId, String role) {
        if (hostId == null || hostId.isBlank()) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "hostId",
                    "'hostId' is missing: name " + role + " (GET /api/v1/hosts lists them).");
        }
        return hostId;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private Volume lockVolume(UUID volumeId) {
        Volume volume = Volume.findById(volumeId, LockModeType.PESSIMISTIC_WRITE);
        if (volume == null) {
            throw volumeNotFound(volumeId);
        }
        return volume;
    }

    private static String describeNamespace(Volume volume) {
        return switch (volume.kind) {
            case FILE -> "image";
            case LVM, SNAPSHOT -> "logical volume in volume group '" + volume.volumeGroup + "'";
            case PHYSICAL -> "physical volume";
            case NFS_ROOT -> "NFS root";
        };
    }

    private static VolumeKind parseKind(String kind) {
        String known = Arrays.stream(VolumeKind.values()).map(Enum::name).collect(Collectors.joining(", "));
        if (kind == null || kind.isBlank()) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "kind", "'kind' is missing: use one of " + known + ".");
        }
        try {
            return VolumeKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "kind", "'" + kind + "' is not a volume kind; the kinds are " + known + ".");
        }
    }

    static RuleViolation volumeNotFound(UUID volumeId) {
        return new RuleViolation(Rule.VOLUME_NOT_FOUND, "There is no volume with id " + volumeId + ". GET /api/v1/volumes lists them.");
    }
}
