package dev.domstore.inventory.service;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.HostReport;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.RuleViolation;
import dev.domstore.inventory.domain.VolumeGroupRow;

@ApplicationScoped
public class HostService {
    private static final Logger LOG = Logger.getLogger(HostService.class);

    @Inject
    DomainEvents events;
    @Inject
    DriftDetector drift;

    /** Records a host's report (the first one makes the host known) and compares it with the intent for the host. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void apply(HostReport report) {
        Host host = Host.findById(report.hostId(), LockModeType.PESSIMISTIC_WRITE);
        if (host == null) {
            host = new Host();
            host.id = report.hostId();
            host.apply(report);
            host.persist();
            LOG.infof("Host %s (%s) reported for the first time; image root %s", host.id, host.hostname, host.imageRoot);
            events.record(EventType.HostRegistered, "Host", host.id, host.id, Map.of(
                    "hostname", host.hostname,
                    "imageRoot", host.imageRoot,
                    "loopDeviceLimit", host.loopDeviceLimit,
                    "simulated", host.simulated,
                    "volumeGroups", report.volumeGroups().stream().map(HostReport.VolumeGroup::name).toList()));
        } else if (!host.apply(report)) {
            return;
        }
        syncVolumeGroups(host, report);
        drift.reconcile(host, report);
    }

    public Host get(String hostId) {
        Host host = Host.findById(hostId);
        if (host == null) {
            throw new RuleViolation(RuleViolation.Rule.HOST_NOT_FOUND, "There is no host '" + hostId
                    + "': hosts appear once their agent reports. GET /api/v1/hosts lists them.");
        }
        return host;
    }

    private static void syncVolumeGroups(Host host, HostReport report) {
        Map<String, VolumeGroupRow> known = VolumeGroupRow.ofHost(host.id).stream().collect(Collectors.toMap(vg -> vg.name, vg -> vg));
        Set<String> reported = report.volumeGroups().stream().map(HostReport.VolumeGroup::name).collect(Collectors.toSet());
        for (HostReport.VolumeGroup vg : report.volumeGroups()) {
            VolumeGroupRow row = known.get(vg.name());
            if (row == null) {
                row = new VolumeGroupRow();
                row.hostId = host.id;
                row.name = vg.name();
                row.persist();
            }
            row.sizeBytes = vg.sizeBytes();
            row.freeBytes = vg.freeBytes();
            row.extentSizeBytes = vg.extentSizeBytes();
        }
        known.values().stream().filter(vg -> !reported.contains(vg.name)).forEach(VolumeGroupRow::delete);
    }
}
