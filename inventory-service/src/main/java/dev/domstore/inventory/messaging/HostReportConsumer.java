package dev.domstore.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.inventory.service.HostService;

/** Keeps each host's last report. Reports are states, not changes: applying one twice is harmless. */
@ApplicationScoped
public class HostReportConsumer {
    private static final Logger LOG = Logger.getLogger(HostReportConsumer.class);

    @Inject
    HostService hosts;

    @Incoming(Channels.HOST_REPORTS)
    @Blocking
    @Transactional
    public void consume(String payload) {
        HostReport report;
        try {
            report = MessageCodec.fromJson(payload, HostReport.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("Skipping a malformed host report: %s; payload: %s", e.getMessage(), payload);
            return;
        }
        hosts.apply(report);
    }
}
