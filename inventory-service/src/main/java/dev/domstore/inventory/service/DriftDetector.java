package dev.domstore.inventory.service;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.domstore.common.VolumeKind;
import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.validation.Names;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.Drift;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.Orphan;
import dev.domstore.inventory.domain.Volume;

/**
 * Compares a host's report with the intent for that host. A volume the report does not show is
 * MISSING, one with another size is SIZE_MISMATCH; something of domstore's with no intent is an
 * orphan. Each finding is recorded on the volume (or as an orphan) and as an event, once; nothing
 * on the host is ever changed because of it.
 */
@ApplicationScoped
public class DriftDetector {
    private static final Logger LOG = Logger.getLogger(DriftDetector.class);

    @Inject
    DomainEvents events;

    private record Finding(Drift drift, String detail) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void reconcile(Host host, HostReport report) {
        Instant now = Instant.now();
        Reported reported = new Reported(report);
        List<Volume> live = Volume.liveOnHost(host.id);
        for (Volume volume : live) {
            // A report made before the host made (or last resized) the volume cannot show it as it is.
            if (!volume.state.isUsable() || volume.hostConfirmedAt == null || volume.hostConfirmedAt.isAfter(report.occurredAt())) {
                continue;
            }
            if (volume.kind == VolumeKind.PHYSICAL) {
                refreshMountState(volume, report);
            }
            record(volume, find(volume, reported), now);
        }
        // A volume deleted after the report was taken still shows in it: that is no orphan.
        List<Volume> knownWhenReported = new java.util.ArrayList<>(live);
        knownWhenReported.addAll(Volume.goneOnHostSince(host.id, report.occurredAt()));
        recordOrphans(host, report, knownWhenReported, now);
    }

    /** The report's images and logical volumes indexed, so that comparing a host's volumes with it takes one lookup each. */
    private static final class Reported {
        final HostReport report;
        final Map<String, HostReport.Image> imagesByPath = new HashMap<>();
        final Map<UUID, HostReport.LogicalVolume> lvsByVolumeId = new HashMap<>();
        final Map<String, HostReport.LogicalVolume> lvsByGroupAndName = new HashMap<>();

        Reported(HostReport report) {
            this.report = report;
            report.images().forEach(image -> imagesByPath.putIfAbsent(image.path(), image));
            for (HostReport.LogicalVolume lv : report.logicalVolumes()) {
                if (lv.volumeId() != null) {
                    lvsByVolumeId.putIfAbsent(lv.volumeId(), lv);
                }
                lvsByGroupAndName.putIfAbsent(lv.volumeGroup() + "/" + lv.name(), lv);
            }
        }

        Optional<HostReport.LogicalVolume> logicalVolume(Volume volume) {
            HostReport.LogicalVolume byId = lvsByVolumeId.get(volume.id);
            return Optional.ofNullable(byId != null ? byId : lvsByGroupAndName.get(volume.volumeGroup + "/" + volume.name));
        }
    }

    private static Optional<Finding> find(Volume volume, Reported reported) {
        HostReport report = reported.report;
        return switch (volume.kind) {
            case FILE -> Optional.ofNullable(reported.imagesByPath.get(volume.imagePath))
                    .map(image -> sizeFinding(volume, image.sizeBytes(), "image " + volume.imagePath))
                    .orElseGet(() -> Optional.of(new Finding(Drift.MISSING, "The image " + volume.imagePath + " is not on the host.")));
            case LVM, SNAPSHOT -> reported.logicalVolume(volume)
                    .map(lv -> sizeFinding(volume, lv.sizeBytes(), "logical volume " + volume.volumeGroup + "/" + volume.name))
                    .orElseGet(() -> Optional.of(new Finding(Drift.MISSING, "The logical volume " + volume.volumeGroup + "/" + volume.name
                            + " is not on the host.")));
            case PHYSICAL -> report.blockDevices().isEmpty() || report.blockDevices().stream().anyMatch(d -> d.path().equals(volume.hostPath))
                    ? Optional.empty()
                    : Optional.of(new Finding(Drift.MISSING, "The device " + volume.devicePath + " (" + volume.hostPath + ") is not on the host."));
            case NFS_ROOT -> Optional.empty();
        };
    }

    private static Optional<Finding> sizeFinding(Volume volume, long reportedBytes, String what) {
        if (volume.hostSizeBytes == null || volume.hostSizeBytes == reportedBytes) {
            return Optional.empty();
        }
        return Optional.of(new Finding(Drift.SIZE_MISMATCH, "The " + what + " is " + Sizes.format(reportedBytes) + " (" + reportedBytes
                + " bytes) on the host; domstore made it " + Sizes.format(volume.hostSizeBytes) + " (" + volume.hostSizeBytes + " bytes)."));
    }

    private void record(Volume volume, Optional<Finding> finding, Instant now) {
        if (finding.isPresent()) {
            Finding found = finding.get();
            if (found.drift() == volume.drift && found.detail().equals(volume.driftDetail)) {
                return;
            }
            volume.drift = found.drift();
            volume.driftDetail = found.detail();
            volume.driftSince = now;
            LOG.warnf("Drift on volume %s: %s", volume.id, found.detail());
            events.volume(EventType.VolumeDriftDetected, volume, Map.of("drift", found.drift().name(), "detail", found.detail()));
        } else if (volume.drift != null) {
            Drift cleared = volume.drift;
            volume.drift = null;
            volume.driftDetail = null;
            volume.driftSince = null;
            events.volume(EventType.VolumeDriftCleared, volume, Map.of("drift", cleared.name()));
        }
    }

    private static void refreshMountState(Volume volume, HostReport report) {
        report.blockDevices().stream().filter(d -> d.path().equals(volume.hostPath)).findFirst()
                .ifPresent(device -> volume.mountedReadWrite = device.mountedReadWrite());
    }

    private void recordOrphans(Host host, HostReport report, List<Volume> live, Instant now) {
        Set<UUID> liveIds = new HashSet<>();
        Set<String> liveImages = new HashSet<>();
        for (Volume volume : live) {
            liveIds.add(volume.id);
            if (volume.imagePath != null) {
                liveImages.add(volume.imagePath);
            }
        }
        Map<String, Orphan> found = new LinkedHashMap<>();
        for (HostReport.LogicalVolume lv : report.logicalVolumes()) {
            if (lv.volumeId() != null && !liveIds.contains(lv.volumeId())) {
                found.put(lv.volumeGroup() + "/" + lv.name(), orphan(host, lv.volumeGroup() + "/" + lv.name(), VolumeKind.LVM, lv.volumeId(), lv.sizeBytes(), now));
            }
        }
        for (HostReport.Image image : report.images()) {
            if (!liveImages.contains(image.path()) && !image.path().endsWith(Names.PARTIAL_SUFFIX)) {
                found.put(image.path(), orphan(host, image.path(), VolumeKind.FILE, null, image.sizeBytes(), now));
            }
        }
        Map<String, Orphan> known = new HashMap<>();
        for (Orphan orphan : Orphan.ofHost(host.id)) {
            known.put(orphan.location, orphan);
        }
        for (Orphan orphan : found.values()) {
            Orphan existing = known.remove(orphan.location);
            if (existing != null) {
                existing.lastSeenAt = now;
                existing.sizeBytes = orphan.sizeBytes;
                continue;
            }
            orphan.persist();
            LOG.warnf("Orphan on host %s: %s %s has domstore's mark but no volume; quarantined for an operator", host.id, orphan.kind, orphan.location);
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("kind", orphan.kind.name());
            data.put("location", orphan.location);
            data.put("sizeBytes", orphan.sizeBytes);
            if (orphan.volumeId != null) {
                data.put("volumeId", orphan.volumeId.toString());
            }
            events.record(EventType.OrphanDetected, "Host", host.id, host.id, data);
        }
        known.values().forEach(Orphan::delete);
    }

    private static Orphan orphan(Host host, String location, VolumeKind kind, UUID volumeId, long sizeBytes, Instant now) {
        Orphan orphan = new Orphan();
        orphan.hostId = host.id;
        orphan.location = location;
        orphan.kind = kind;
        orphan.volumeId = volumeId;
        orphan.sizeBytes = sizeBytes;
        orphan.firstSeenAt = now;
        orphan.lastSeenAt = now;
        return orphan;
    }
}
