package dev.domstore.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.domstore.common.messages.ExportsReport;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.inventory.service.NfsRoots;

/** NFS servers' reports of what they really export; like host reports, states: applying one twice is harmless. */
@ApplicationScoped
public class ExportReportConsumer {
    private static final Logger LOG = Logger.getLogger(ExportReportConsumer.class);

    @Inject
    NfsRoots nfsRoots;

    @Incoming(Channels.EXPORT_REPORTS)
    @Blocking
    @Transactional
    public void consume(String payload) {
        ExportsReport report;
        try {
            report = MessageCodec.fromJson(payload, ExportsReport.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("Skipping a malformed export report: %s; payload: %s", e.getMessage(), payload);
            return;
        }
        nfsRoots.onReport(report);
    }
}
