package dev.domstore.inventory.service;

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
import dev.domstore.common.Topics;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeCreationFailed;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.common.messages.VolumeDeletionFailed;
import dev.domstore.common.validation.ImagePaths;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Names;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.Attachment;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.domain.RuleViolation.Rule;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;
import dev.domstore.inventory.messaging.Outbox;
import dev.domstore.inventory.messaging.OutboxPublished;
import dev.domstore.inventory.rest.CreateVolumeRequest;

/** The transaction boundary for volumes: intent and its command are written together, or not at all. */
@ApplicationScoped
public class VolumeService {
    private static final Logger LOG = Logger.getLogger(VolumeService.class);
    /** Below this, mkfs cannot make a usable file system. */
    static final long MIN_FILESYSTEM_BYTES = 1L << 20;

    @Inject
    Outbox outbox;
    @Inject
    DomainEvents events;

    @Transactional
    public Volume create(CreateVolumeRequest request) {
        if (request == null) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "body",
                    "The request body is missing: send JSON such as {\"name\":\"vm1disk\",\"hostId\":\"dom0-a\",\"kind\":\"FILE\",\"size\":\"2G\"}.");
        }
        VolumeKind kind = parseKind(request.kind());
        String name = Names.requireFileName("name", request.name());
        long sizeBytes = Sizes.parse("size", request.size());
        Filesystem filesystem = Filesystem.parseOptional(request.filesystem());
        if (filesystem != null && sizeBytes < MIN_FILESYSTEM_BYTES) {
            throw new InvalidInputException(InvalidInputException.Kind.SIZE, "size",
                    "A volume with a " + filesystem.typeName() + " file system needs at least 1M; ask for more, or leave 'filesystem' out.");
        }
        Host host = requireHost(request.hostId());
        String imagePath = ImagePaths.resolve(host.imageRoot, name).toString();
        Volume.findLiveByHostAndName(host.id, name).ifPresent(existing -> {
            throw duplicateName(host.id, name, existing);
        });

        Instant now = Instant.now();
        Volume volume = new Volume();
        volume.id = UUID.randomUUID();
        volume.hostId = host.id;
        volume.name = name;
        volume.kind = kind;
        volume.sizeBytes = sizeBytes;
        volume.filesystem = filesystem;
        volume.imagePath = imagePath;
        volume.state = VolumeState.REQUESTED;
        volume.createdAt = now;
        volume.updatedAt = now;
        volume.persist();
        try {
            Volume.flush();
        } catch (ConstraintViolationException raced) {
            throw new RuleViolation(Rule.DUPLICATE_NAME, "A volume named '" + name + "' was just created on host '" + host.id
                    + "' by another request. Choose another name.");
        }

        UUID commandId = UUID.randomUUID();
        outbox.enqueue(Topics.COMMANDS, host.id, commandId, volume.id.toString(),
                new CreateVolume(commandId, volume.id, host.id, now, kind, name, sizeBytes, filesystem, imagePath), now);
        events.volume(EventType.VolumeRequested, volume, Map.of("commandId", commandId.toString()));
        LOG.infof("Volume %s (%s %s on %s) requested, command %s", volume.id, kind, name, host.id, commandId);
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
                Instant now = Instant.now();
                volume.failureReason = null;
                volume.failureMessage = null;
                volume.moveTo(VolumeState.DELETING, now);
                UUID commandId = UUID.randomUUID();
                outbox.enqueue(Topics.COMMANDS, volume.hostId, commandId, volume.id.toString(),
                        new DeleteVolume(commandId, volume.id, volume.hostId, now, volume.kind, volume.name, volume.imagePath), now);
                events.volume(EventType.VolumeDeletionRequested, volume, Map.of("commandId", commandId.toString()));
                LOG.infof("Volume %s deletion requested, command %s", volume.id, commandId);
                return volume;
            }
        }
    }

    /** Applies what a host made of a command. Results that no longer fit the volume's state are logged and dropped. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(CommandResult result) {
        Volume volume = Volume.findById(result.volumeId(), LockModeType.PESSIMISTIC_WRITE);
        if (volume == null) {
            LOG.warnf("Result %s for unknown volume %s dropped", result.messageId(), result.volumeId());
            return;
        }
        Instant now = Instant.now();
        boolean applies = result instanceof VolumeCreated || result instanceof VolumeCreationFailed
                ? isProvisioning(volume)
                : volume.state == VolumeState.DELETING;
        if (!applies) {
            LOG.infof("Result %s (%s) for volume %s ignored: the volume is %s now", result.messageId(),
                    result.getClass().getSimpleName(), volume.id, volume.state);
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("commandId", result.commandId().toString());
        EventType type;
        if (result instanceof VolumeCreated created) {
            volume.allocatedBytes = created.allocatedBytes();
            volume.moveTo(VolumeState.AVAILABLE, now);
            details.put("allocatedBytes", created.allocatedBytes());
            type = EventType.VolumeCreated;
        } else if (result instanceof VolumeCreationFailed failed) {
            volume.fail(VolumeState.FAILED, failed.reason(), failed.message(), now);
            type = EventType.VolumeCreationFailed;
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
    }

    /** A create command reached its host's queue: the volume is now being provisioned. */
    void onPublished(@Observes OutboxPublished published) {
        List<UUID> created = published.messages().stream()
                .filter(message -> message.type().equals(CreateVolume.class.getSimpleName()))
                .map(message -> UUID.fromString(message.aggregateId()))
                .toList();
        if (created.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        List<Volume> requested = Volume.<Volume>find("id in ?1 and state = ?2", created, VolumeState.REQUESTED)
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

    private Volume lockVolume(UUID volumeId) {
        Volume volume = Volume.findById(volumeId, LockModeType.PESSIMISTIC_WRITE);
        if (volume == null) {
            throw volumeNotFound(volumeId);
        }
        return volume;
    }

    private static boolean isProvisioning(Volume volume) {
        return volume.state == VolumeState.REQUESTED || volume.state == VolumeState.PROVISIONING;
    }

    private static Host requireHost(String hostId) {
        if (hostId == null || hostId.isBlank()) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "hostId",
                    "'hostId' is missing: name the host that should hold the volume (GET /api/v1/hosts lists them).");
        }
        Host host = Host.findById(hostId);
        if (host == null) {
            throw new RuleViolation(Rule.UNKNOWN_HOST, "Host '" + hostId + "' is not known: a host appears once its "
                    + "provisioning-agent has reported. Check the agent runs with that host id, or pick one from GET /api/v1/hosts.");
        }
        return host;
    }

    private static VolumeKind parseKind(String kind) {
        String known = Arrays.stream(VolumeKind.values()).map(Enum::name).collect(Collectors.joining(", "));
        if (kind == null || kind.isBlank()) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "kind", "'kind' is missing: use FILE.");
        }
        VolumeKind parsed;
        try {
            parsed = VolumeKind.valueOf(kind.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "kind", "'" + kind + "' is not a volume kind; the kinds are " + known + ".");
        }
        if (parsed != VolumeKind.FILE) {
            throw new RuleViolation(Rule.UNSUPPORTED_KIND, "Volumes of kind " + parsed + " cannot be created yet; FILE volumes can.");
        }
        return parsed;
    }

    private static RuleViolation duplicateName(String hostId, String name, Volume existing) {
        return new RuleViolation(Rule.DUPLICATE_NAME, "Host '" + hostId + "' already has a volume named '" + name + "' (id "
                + existing.id + ", " + existing.state + "). Choose another name, or delete that volume first.");
    }

    private static RuleViolation volumeNotFound(UUID volumeId) {
        return new RuleViolation(Rule.VOLUME_NOT_FOUND, "There is no volume with id " + volumeId + ". GET /api/v1/volumes lists them.");
    }
}
