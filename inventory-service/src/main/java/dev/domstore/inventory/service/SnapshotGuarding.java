package dev.domstore.inventory.service;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.domstore.common.SnapshotFill;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.events.Actor;
import dev.domstore.common.events.EventType;
import dev.domstore.common.lvm.CowCeiling;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;
import dev.domstore.inventory.security.Actors;

/**
 * The inventory's side of keeping snapshots alive: the guard's extend requests become ordinary
 * extensions (capacity checked, command through the outbox, audited); what the volume group
 * cannot hold makes the snapshot AT_RISK; an overflowed snapshot becomes INVALID.
 */
@ApplicationScoped
public class SnapshotGuarding {
    private static final Logger LOG = Logger.getLogger(SnapshotGuarding.class);

    @Inject
    VolumeService volumes;
    @Inject
    CapacityService capacity;
    @Inject
    DomainEvents events;

    private final Counter invalidated;
    private final Counter atRisk;

    @Inject
    SnapshotGuarding(MeterRegistry metrics) {
        invalidated = metrics.counter("domstore_snapshots_invalidated_total");
        atRisk = metrics.counter("domstore_snapshot_growth_refused_total");
        metrics.gauge("domstore_snapshots_at_risk", this, guarding -> countAtRisk());
    }

    /**
     * One growth step, acted on once: only while the snapshot still has {@code fromCowBytes} and is
     * not being extended. A step from the size an extension in flight is making is kept until that
     * extension lands ({@link #takeDeferred}).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onExtendRequested(SnapshotExtendRequested request) {
        Volume snapshot = Volume.findById(request.volumeId(), LockModeType.PESSIMISTIC_WRITE);
        if (snapshot == null || snapshot.kind != VolumeKind.SNAPSHOT) {
            LOG.warnf("Extend request %s for %s dropped: not a snapshot domstore knows", request.messageId(), request.volumeId());
            return;
        }
        if (snapshot.state == VolumeState.EXTENDING && snapshot.sizeBytes == request.fromCowBytes()) {
            // The guard saw the grown snapshot before the extension's result reached us: its next step waits for it.
            snapshot.deferredExtendRequest = MessageCodec.toJson(request);
            LOG.infof("Extend request %s for snapshot %s kept: it is for the step after the extension in flight (to %d bytes), "
                    + "taken when that lands", request.messageId(), snapshot.name, snapshot.sizeBytes);
            return;
        }
        if (snapshot.state != VolumeState.AVAILABLE && snapshot.state != VolumeState.AT_RISK) {
            LOG.infof("Extend request %s for snapshot %s dropped: it is %s", request.messageId(), snapshot.name, snapshot.state);
            return;
        }
        if (snapshot.sizeBytes != request.fromCowBytes()) {
            LOG.infof("Extend request %s for snapshot %s dropped: the step from %d bytes was taken already (it has %d)",
                    request.messageId(), snapshot.name, request.fromCowBytes(), snapshot.sizeBytes);
            return;
        }
        Volume origin = Volume.findById(snapshot.originId);
        Host host = capacity.lock(snapshot.hostId);
        // The guard's ceiling is origin + exception metadata for its configured chunk size; capping at the origin's
        // size alone left every snapshot a few MiB short of it, and the guard re-asking for them every retry timeout.
        long wanted = Math.min(request.toCowBytes(), CowCeiling.largestCeilingBytes(origin.sizeBytes, capacity.extentSize(host, snapshot.volumeGroup)));
        long possible = snapshot.sizeBytes + capacity.volumeGroupAvailable(host, snapshot.volumeGroup);
        long target = Math.min(wanted, possible);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("requestedBy", "snapshot-guard");
        details.put("reason", request.reason());
        details.put("dataPercent", request.dataPercent());
        if (request.secondsToFull() != null) {
            details.put("secondsToFull", request.secondsToFull());
        }
        if (target > snapshot.sizeBytes) {
            volumes.extend(snapshot.id, target, details);
        }
        if (target < wanted) {
            markAtRisk(snapshot, request, wanted, possible);
        }
    }

    /** After an extension's result: the step the guard asked for meanwhile, if any, is acted on now (or dropped, as it now fits). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void takeDeferred(Volume snapshot) {
        String deferred = snapshot.deferredExtendRequest;
        snapshot.deferredExtendRequest = null;
        if (deferred != null) {
            // The guard asked for it; that it is acted on only now does not make it the host's doing.
            Actors.as(Actor.SNAPSHOT_GUARD, () -> onExtendRequested(MessageCodec.fromJson(deferred, SnapshotExtendRequested.class)));
        }
    }

    /** Records what the host says of a snapshot's differences area; an overflowed one becomes INVALID. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onUsage(SnapshotUsage usage, SnapshotUsageSample previous) {
        Volume snapshot = Volume.findById(usage.volumeId(), LockModeType.PESSIMISTIC_WRITE);
        if (snapshot == null || snapshot.kind != VolumeKind.SNAPSHOT || !snapshot.state.isLive()) {
            return;
        }
        long used = SnapshotFill.usedBytes(usage.cowSizeBytes(), usage.dataPercent());
        if (previous != null && snapshot.snapshotUsedBytes != null) {
            double rate = SnapshotFill.rate(previous.usedBytes(), used, usage.occurredAt().toEpochMilli() - previous.at().toEpochMilli());
            snapshot.snapshotFillRate = rate;
            snapshot.snapshotSecondsToFull = SnapshotFill.secondsToFull(usage.cowSizeBytes(), used, rate);
        }
        snapshot.snapshotDataPercent = usage.dataPercent();
        snapshot.snapshotUsedBytes = used;
        snapshot.snapshotCowBytes = usage.cowSizeBytes();
        snapshot.snapshotUsageAt = usage.occurredAt();
        if (usage.invalid() && snapshot.state != VolumeState.INVALID && snapshot.state != VolumeState.DELETING) {
            snapshot.moveTo(VolumeState.INVALID, Instant.now());
            invalidated.increment();
            String message = "The differences area of snapshot " + snapshot.name + " (" + Sizes.format(usage.cowSizeBytes())
                    + ") overflowed on host " + snapshot.hostId + ": LVM invalidated it and its data is lost. Delete it (DELETE /api/v1/volumes/"
                    + snapshot.id + ") and make a new one from the origin if you need it.";
            LOG.error(message);
            events.volume(EventType.SnapshotInvalidated, snapshot, Map.of("message", message, "attr", usage.attr(), "dataPercent", usage.dataPercent()));
        }
    }

    /** The last sample that was written for a snapshot, to measure its fill rate from. */
    public record SnapshotUsageSample(long usedBytes, double dataPercent, boolean invalid, Instant at) {
    }

    private void markAtRisk(Volume snapshot, SnapshotExtendRequested request, long wanted, long possible) {
        atRisk.increment();
        String message = "Snapshot " + snapshot.name + " needs its differences area grown to " + Sizes.format(wanted) + " ("
                + request.reason() + ", " + request.dataPercent() + " % full) but volume group " + snapshot.volumeGroup + " on host "
                + snapshot.hostId + " can only give " + Sizes.format(Math.max(possible, snapshot.sizeBytes)) + " in total. Free space in the group "
                + "(or add a physical volume with vgextend); the guard keeps asking.";
        LOG.warn(message);
        if (snapshot.state != VolumeState.AT_RISK && snapshot.state != VolumeState.EXTENDING) {
            snapshot.moveTo(VolumeState.AT_RISK, Instant.now());
            events.volume(EventType.SnapshotAtRisk, snapshot, Map.of("message", message, "wantedBytes", wanted, "dataPercent", request.dataPercent()));
        }
    }

    private double countAtRisk() {
        try {
            return QuarkusTransaction.requiringNew().call(() -> Volume.count("state", VolumeState.AT_RISK));
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }
}
