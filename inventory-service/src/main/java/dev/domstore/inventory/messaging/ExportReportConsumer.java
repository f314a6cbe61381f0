package dev.domstore.inventory.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.domstore.common.Topics;
import dev.domstore.common.events.Actor;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.inventory.security.Actors;
import dev.domstore.inventory.service.NfsRoots;

/**
 * NFS servers' reports of what they really export, each from its server's own topic ({@link HostOrigin});
 * like host reports, states: applying one twice is harmless.
 */
@ApplicationScoped
public class ExportReportConsumer {
    private static final Logger LOG = Logger.getLogger(ExportReportConsumer.class);

    @Inject
    NfsRoots nfsRoots;
    @Inject
    HostOrigin origin;

    @Incoming(Channels.EXPORT_REPORTS)
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) {
        String host = origin.of(Topics.EXPORT_REPORTS, record).orElse(null);
        if (host == null) {
            return;
        }
        ExportsReport report;
        try {
            report = MessageCodec.fromJson(record.value(), ExportsReport.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("Skipping a malformed export report: %s; payload: %s", e.getMessage(), record.value());
            return;
        }
        if (!origin.accepts(Topics.EXPORT_REPORTS, record, host, report.hostId(), "the export report " + report.messageId())) {
            return;
        }
        Actors.as(Actor.NFS_SERVICE, () -> nfsRoots.onReport(report));
    }
}
