package dev.domstore.inventory.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.domstore.common.VolumeKind;
import dev.domstore.common.events.EventType;
import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.exports.ExportLine;
import dev.domstore.common.exports.ExportPaths;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.ExportsApplied;
import dev.domstore.common.messages.ExportsApplyFailed;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.common.validation.Names;
import dev.domstore.inventory.domain.Drift;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.RuleViolation.Rule;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;
import dev.domstore.inventory.domain.XenDomain;
import dev.domstore.inventory.messaging.Outbox;
import dev.domstore.inventory.rest.CreateVolumeRequest;

/**
 * NFS_ROOT volumes: directories an NFS server exports as domains' roots. The server is sent its
 * whole export set, with a rising revision, whenever one of its exports changes; its nfs-service
 * applies the newest set it has seen and says which revision is in force.
 */
@ApplicationScoped
public class NfsRoots {
    private static final Logger LOG = Logger.getLogger(NfsRoots.class);

    @Inject
    Outbox outbox;
    @Inject
    DomainEvents events;

    /** Validates an NFS_ROOT request against exports(5) and returns the volume to record. */
    Volume plan(CreateVolumeRequest request, Host server) {
        VolumeService.refuseFields(VolumeKind.NFS_ROOT, "size", request.size(), "filesystem", request.filesystem(),
                "volumeGroup", request.volumeGroup(), "originId", request.originId(), "cowSize", request.cowSize(),
                "devicePath", request.devicePath());
        String path = ExportPaths.requireExportPath("path", request.path());
        if (request.clients() == null || request.clients().isEmpty()) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "clients", "'clients' is missing: say who may mount the root, "
                    + "in exports(5) form with no space before the options, such as [\"1.2.3.4/24(rw,sync,no_root_squash)\"].");
        }
        boolean force = Boolean.TRUE.equals(request.force());
        List<ExportClient> clients = new ArrayList<>();
        for (int i = 0; i < request.clients().size(); i++) {
            clients.add(ExportClient.parse("clients[" + i + "]", request.clients().get(i), force));
        }
        ExportLine line = new ExportLine(path, clients).validated("");
        boolean createDirectory = server.nfsExportRoot != null && (path + "/").startsWith(server.nfsExportRoot + "/");
        String populateFrom = request.populateFrom() == null ? null : ExportPaths.requireExportPath("populateFrom", request.populateFrom());
        if (populateFrom != null && !createDirectory) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "populateFrom", "'populateFrom' fills a directory domstore creates, "
                    + "which it does only below the export root of host '" + server.id + "'"
                    + (server.nfsExportRoot == null ? " (its nfs-service has not reported one yet)" : " (" + server.nfsExportRoot + ")")
                    + ". Export a path below it, or fill " + path + " yourself and leave 'populateFrom' out.");
        }
        String serverAddress = request.serverAddress() == null ? server.hostname : requireServerAddress(request.serverAddress());
        String name = request.name() != null ? Names.requireFileName("name", request.name())
                : Names.requireFileName("name", path.substring(path.lastIndexOf('/') + 1));
        Volume.<Volume>find("hostId = ?1 and kind = ?2 and exportPath = ?3 and state not in ?4", server.id, VolumeKind.NFS_ROOT, path,
                List.of(VolumeState.FAILED, VolumeState.DELETED)).firstResultOptional().ifPresent(existing -> {
                    throw new RuleViolation(Rule.DUPLICATE_NAME, "Host '" + server.id + "' already exports " + path + " as volume " + existing.name
                            + " (" + existing.id + "). One path is one export: change its clients by deleting and recreating it, or export another path.");
                });
        Volume volume = new Volume();
        volume.hostId = server.id;
        volume.name = name;
        volume.exportPath = line.path();
        volume.exportClients = line.clients().stream().map(ExportClient::render).collect(Collectors.joining("\n"));
        volume.serverAddress = serverAddress;
        volume.populateFrom = populateFrom;
        volume.nfsCreateDirectory = createDirectory;
        volume.sizeBytes = 0;
        return volume;
    }

    /** Sends the server its whole export set, as it now is, under a new revision. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void exportsChanged(String hostId, Instant now) {
        Host host = Host.findById(hostId, LockModeType.PESSIMISTIC_WRITE);
        host.nfsExportsRevision++;
        long revision = host.nfsExportsRevision;
        List<ApplyExports.Export> exports = new ArrayList<>();
        for (Volume volume : liveExports(hostId)) {
            if (volume.state == VolumeState.DELETING) {
                continue;
            }
            List<ExportClient> clients = new ArrayList<>();
            for (String spec : volume.exportClients.split("\n")) {
                // Validated, and forced where the operator forced it, when the volume was accepted.
                clients.add(ExportClient.parse("clients", spec, true));
            }
            exports.add(new ApplyExports.Export(volume.id, volume.exportPath, clients, volume.nfsCreateDirectory, volume.populateFrom));
        }
        for (Volume volume : liveExports(hostId)) {
            // A new export, or a removal, is carried by this revision: it is done once this revision is in force.
            if (volume.state == VolumeState.DELETING || volume.nfsRevision == null) {
                volume.nfsRevision = revision;
            }
        }
        UUID commandId = UUID.randomUUID();
        outbox.enqueueCommand(new ApplyExports(commandId, hostId, now, revision, exports), hostId);
        LOG.infof("Export set revision %d for NFS server %s: %d exports, command %s", revision, hostId, exports.size(), commandId);
    }

    /** The export set of a revision is in force: its new exports are AVAILABLE, its removed ones DELETED. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onApplied(ExportsApplied applied) {
        if (applied.superseded()) {
            return;
        }
        Instant now = Instant.now();
        for (Volume volume : carriedBy(applied.hostId(), applied.revision())) {
            if (volume.state == VolumeState.DELETING) {
                volume.moveTo(VolumeState.DELETED, now);
                events.volume(EventType.VolumeDeleted, volume, Map.of("commandId", applied.commandId().toString(), "revision", applied.revision()));
            } else if (volume.state == VolumeState.REQUESTED || volume.state == VolumeState.PROVISIONING) {
                volume.hostConfirmedAt = applied.occurredAt();
                volume.hostPath = volume.exportPath;
                volume.moveTo(VolumeState.AVAILABLE, now);
                events.volume(EventType.VolumeCreated, volume, Map.of("commandId", applied.commandId().toString(), "revision", applied.revision()));
            }
        }
    }

    /** The server could not apply a revision: its new exports fail, its removals stay; the rest is sent again without the failed ones. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onFailed(ExportsApplyFailed failed) {
        Instant now = Instant.now();
        boolean creationsFailed = false;
        for (Volume volume : carriedBy(failed.hostId(), failed.revision())) {
            if (volume.state == VolumeState.REQUESTED || volume.state == VolumeState.PROVISIONING) {
                volume.fail(VolumeState.FAILED, failed.reason(), failed.message(), now);
                events.volume(EventType.VolumeCreationFailed, volume, Map.of("reason", failed.reason().name(), "message", failed.message()));
                creationsFailed = true;
            } else if (volume.state == VolumeState.DELETING) {
                volume.fail(VolumeState.AVAILABLE, failed.reason(), "Unexport failed: " + failed.message(), now);
                events.volume(EventType.VolumeDeletionFailed, volume, Map.of("reason", failed.reason().name(), "message", failed.message()));
            }
        }
        if (creationsFailed) {
            exportsChanged(failed.hostId(), now);
        }
    }

    /** What the server really exports, against the intent: a managed export not in force is MISSING. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onReport(ExportsReport report) {
        Host host = Host.findById(report.hostId(), LockModeType.PESSIMISTIC_WRITE);
        if (host == null) {
            LOG.debugf("Export report of %s ignored: no agent has reported that host yet", report.hostId());
            return;
        }
        host.nfsExportRoot = report.exportRoot();
        Set<String> missing = report.drift().missing().stream().map(ExportsReport.Difference::path).collect(Collectors.toSet());
        Instant now = Instant.now();
        for (Volume volume : liveExports(host.id)) {
            if (volume.state != VolumeState.AVAILABLE || report.appliedRevision() == null || volume.nfsRevision == null
                    || volume.nfsRevision > report.appliedRevision()) {
                continue;
            }
            if (missing.contains(volume.exportPath) && volume.drift == null) {
                volume.drift = Drift.MISSING;
                volume.driftDetail = "The export of " + volume.exportPath + " is not in force on " + host.id + " (exportfs -v).";
                volume.driftSince = now;
                events.volume(EventType.VolumeDriftDetected, volume, Map.of("drift", Drift.MISSING.name(), "detail", volume.driftDetail));
            } else if (!missing.contains(volume.exportPath) && volume.drift != null) {
                volume.drift = null;
                volume.driftDetail = null;
                volume.driftSince = null;
                events.volume(EventType.VolumeDriftCleared, volume, Map.of("drift", Drift.MISSING.name()));
            }
        }
    }

    /** A volume a domain boots from cannot go. */
    void requireNotDomainRoot(Volume volume) {
        XenDomain.<XenDomain>find("nfsRootVolumeId", volume.id).firstResultOptional().ifPresent(domain -> {
            throw new RuleViolation(Rule.VOLUME_ATTACHED, "Volume " + volume.name + " is the NFS root of domain '" + domain.name
                    + "'. Remove it there first (DELETE /api/v1/domains/" + domain.name + "/nfs-root).");
        });
    }

    private static List<Volume> liveExports(String hostId) {
        return Volume.list("hostId = ?1 and kind = ?2 and state not in ?3 order by exportPath", hostId, VolumeKind.NFS_ROOT,
                List.of(VolumeState.FAILED, VolumeState.DELETED));
    }

    private static List<Volume> carriedBy(String hostId, long revision) {
        return Volume.<Volume>find("hostId = ?1 and kind = ?2 and nfsRevision <= ?3 and state in ?4", hostId, VolumeKind.NFS_ROOT, revision,
                List.of(VolumeState.REQUESTED, VolumeState.PROVISIONING, VolumeState.DELETING)).withLock(LockModeType.PESSIMISTIC_WRITE).list();
    }

    private static String requireServerAddress(String address) {
        if (address.isBlank() || !address.matches("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}")) {
            throw new InvalidInputException(InvalidInputException.Kind.FIELD, "serverAddress", "'" + address
                    + "' is not an address domains can reach the NFS server at: give its IP address (2.3.4.5) or host name.");
        }
        return address;
    }
}
