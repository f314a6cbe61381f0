package dev.domstore.inventory.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.jboss.logging.Logger;

import dev.domstore.common.events.EventType;
import dev.domstore.common.messages.HostReport;
import dev.domstore.inventory.domain.Host;
import dev.domstore.inventory.domain.RuleViolation;

@ApplicationScoped
public class HostService {
    private static final Logger LOG = Logger.getLogger(HostService.class);

    @Inject
    DomainEvents events;

    /** Records a host's report; the first report makes the host known. */
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
                    "simulated", host.simulated));
        } else {
            host.apply(report);
        }
    }

    public Host get(String hostId) {
        Host host = Host.findById(hostId);
        if (host == null) {
            throw new RuleViolation(RuleViolation.Rule.HOST_NOT_FOUND, "There is no host '" + hostId
                    + "': hosts appear once their agent reports. GET /api/v1/hosts lists them.");
        }
        return host;
    }
}
