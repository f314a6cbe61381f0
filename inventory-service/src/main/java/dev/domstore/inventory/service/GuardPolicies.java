package dev.domstore.inventory.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.domstore.common.Topics;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.common.validation.Durations;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.GuardPolicyOverride;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.domain.RuleViolation.Rule;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;
import dev.domstore.inventory.messaging.Outbox;

/**
 * Snapshots' own snapshot-guard policies. Setting or removing one writes the volume row, an audit
 * event and the message for the guard (through the outbox, on the compacted
 * {@code domstore.guard-policies}, keyed by volume id) in one transaction. Removing one, or the
 * snapshot itself, publishes a tombstone: the key's value is gone, and a guard rebuilding from the
 * topic finds no override for it.
 */
@ApplicationScoped
public class GuardPolicies {
    private static final Logger LOG = Logger.getLogger(GuardPolicies.class);

    @Inject
    Outbox outbox;
    @Inject
    DomainEvents events;

    /** The snapshot, for reading its policy. */
    public Volume get(UUID volumeId) {
        Volume volume = Volume.findById(volumeId);
        if (volume == null) {
            throw VolumeService.volumeNotFound(volumeId);
        }
        requireSnapshot(volume);
        return volume;
    }

    /**
     * Sets the snapshot's override to {@code requested} (a whole replacement, as PUT). Setting what
     * it already has changes nothing: no event, no message.
     */
    @Transactional
    public Volume put(UUID volumeId, GuardPolicyOverride requested) {
        Volume volume = lock(volumeId);
        requireSnapshot(volume);
        switch (volume.state) {
            case DELETED -> throw new RuleViolation(Rule.VOLUME_DELETED, "Snapshot " + volume.name + " was deleted on " + volume.updatedAt
                    + "; there is nothing left for the guard to watch.");
            case FAILED -> throw new RuleViolation(Rule.VOLUME_NOT_AVAILABLE, "Snapshot " + volume.name
                    + " is FAILED: its host could not make it, so there is nothing for the guard to watch. Create it again, then set its policy.");
            case DELETING -> throw new RuleViolation(Rule.VOLUME_NOT_AVAILABLE, "Snapshot " + volume.name
                    + " is being deleted; its guard policy goes with it.");
            case INVALID -> throw new RuleViolation(Rule.VOLUME_NOT_AVAILABLE, "Snapshot " + volume.name
                    + " is INVALID: its differences area overflowed and its data is lost, so the guard never extends it again. "
                    + "Delete it (DELETE /api/v1/volumes/" + volume.id + ") and make a new snapshot.");
            default -> {
            }
        }
        if (requested.sameSettingsAs(volume.guardPolicy)) {
            return volume;
        }
        Instant now = Instant.now();
        GuardPolicyOverride previous = volume.guardPolicy;
        Map<String, Object> previousView = previous == null ? null : describe(previous);
        requested.updatedAt = now;
        volume.guardPolicy = requested;
        volume.updatedAt = now;
        UUID messageId = UUID.randomUUID();
        SnapshotGuardPolicy message = requested.toMessage(volume, messageId, now);
        outbox.enqueue(Topics.GUARD_POLICIES, volume.id.toString(), messageId, volume.id.toString(), message, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("guardPolicy", describe(requested));
        details.put("previous", previousView == null ? "global" : previousView);
        events.volume(EventType.GuardPolicyChanged, volume, details);
        LOG.infof("Snapshot %s (%s): guard policy override %s", volume.name, volume.id, describe(requested));
        return volume;
    }

    /** Removes the snapshot's override: the guard's global policy applies again. Removing none changes nothing. */
    @Transactional
    public Volume clear(UUID volumeId) {
        Volume volume = lock(volumeId);
        requireSnapshot(volume);
        if (volume.guardPolicy != null) {
            remove(volume, "DELETE /api/v1/volumes/" + volume.id + "/guard-policy");
        }
        return volume;
    }

    /** The snapshot is gone (DELETED, or FAILED to be made): its override goes with it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void volumeGone(Volume volume) {
        if (volume.kind == VolumeKind.SNAPSHOT && volume.guardPolicy != null
                && (volume.state == VolumeState.DELETED || volume.state == VolumeState.FAILED)) {
            remove(volume, "the snapshot is " + volume.state);
        }
    }

    private void remove(Volume volume, String because) {
        Instant now = Instant.now();
        Map<String, Object> previous = describe(volume.guardPolicy);
        volume.guardPolicy = null;
        volume.updatedAt = now;
        outbox.enqueueTombstone(Topics.GUARD_POLICIES, volume.id.toString(), SnapshotGuardPolicy.class.getSimpleName(),
                volume.id.toString(), now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("guardPolicy", "global");
        details.put("previous", previous);
        details.put("because", because);
        events.volume(EventType.GuardPolicyCleared, volume, details);
        LOG.infof("Snapshot %s (%s): guard policy override removed (%s); the global policy applies", volume.name, volume.id, because);
    }

    /** The override as the API writes it: only what it sets, sizes and durations as operators write them. */
    public static Map<String, Object> describe(GuardPolicyOverride policy) {
        Map<String, Object> view = new LinkedHashMap<>();
        if (policy.enabled != null) {
            view.put("enabled", policy.enabled);
        }
        if (policy.thresholdPercent != null) {
            view.put("thresholdPercent", policy.thresholdPercent);
        }
        if (policy.stepPercent != null) {
            view.put("stepPercent", policy.stepPercent);
        }
        if (policy.minimumStepBytes != null) {
            view.put("minimumStep", Sizes.format(policy.minimumStepBytes));
        }
        if (policy.predictionEnabled != null) {
            view.put("predictionEnabled", policy.predictionEnabled);
        }
        if (policy.safetyFactor != null) {
            view.put("safetyFactor", policy.safetyFactor);
        }
        if (policy.minimumIntervalMillis != null) {
            view.put("minimumInterval", Durations.format(policy.minimumInterval()));
        }
        if (policy.retryTimeoutMillis != null) {
            view.put("retryTimeout", Durations.format(policy.retryTimeout()));
        }
        if (policy.chunkSizeBytes != null) {
            view.put("chunkSize", Sizes.format(policy.chunkSizeBytes));
        }
        return view;
    }

    private static Volume lock(UUID volumeId) {
        Volume volume = Volume.findById(volumeId, LockModeType.PESSIMISTIC_WRITE);
        if (volume == null) {
            throw VolumeService.volumeNotFound(volumeId);
        }
        return volume;
    }

    private static void requireSnapshot(Volume volume) {
        if (volume.kind != VolumeKind.SNAPSHOT) {
            throw new RuleViolation(Rule.NOT_A_SNAPSHOT, "Volume " + volume.name + " is a " + volume.kind + " volume; only snapshots "
                    + "(kind SNAPSHOT) have a guard policy: the snapshot-guard grows copy-on-write differences areas before they fill. "
                    + (volume.kind == VolumeKind.LVM || volume.kind == VolumeKind.FILE
                            ? "Grow this volume yourself with POST /api/v1/volumes/" + volume.id + "/extend."
                            : "This volume never fills up the way a snapshot does."));
        }
    }
}
