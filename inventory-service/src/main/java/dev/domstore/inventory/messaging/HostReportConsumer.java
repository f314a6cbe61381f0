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
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.inventory.security.Actors;
import dev.domstore.inventory.service.HostService;

/**
 * Keeps each host's last report, if it came on that host's own topic ({@link HostOrigin}). Reports are
 * states, not changes: applying one twice is harmless.
 */
@ApplicationScoped
public class HostReportConsumer {
    private static final Logger LOG = Logger.getLogger(HostReportConsumer.class);

    @Inject
    HostService hosts;
    @Inject
    HostOrigin origin;

    @Incoming(Channels.HOST_REPORTS)
    @Blocking
    @Transactional
    public void consume(ConsumerRecord<String, String> record) {
        String host = origin.of(Topics.HOST_REPORTS, record).orElse(null);
        if (host == null) {
            return;
        }
        HostReport report;
        try {
            report = MessageCodec.fromJson(record.value(), HostReport.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("Skipping a malformed host report: %s; payload: %s", e.getMessage(), record.value());
            return;
        }
        if (!origin.accepts(Topics.HOST_REPORTS, record, host, report.hostId(), "the host report " + report.messageId())) {
            return;
        }
        Actors.as(Actor.PROVISIONING_AGENT, () -> hosts.apply(report));
    }
}
