package dev.domstore.inventory.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;

import dev.domstore.common.Topics;

/**
 * Trust by origin: what a host sends arrives on that host's own topic, which the broker lets only
 * that host's Kafka user write ({@code KafkaGrants}). A record that claims another host than its
 * topic's, or concerns another host's storage, was sent with the wrong host's credentials: it
 * changes nothing, is logged as refused and counted ({@code domstore_messages_refused_total}).
 * It is not marked processed either, so a forged copy cannot shadow the real message of the same id.
 */
@ApplicationScoped
public class HostOrigin {
    private static final Logger LOG = Logger.getLogger(HostOrigin.class);

    private final MeterRegistry metrics;

    HostOrigin(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    /** The host whose topic of {@code family} carried {@code record}; empty (and refused) for any other topic. */
    public Optional<String> of(String family, ConsumerRecord<String, String> record) {
        Optional<String> host = Topics.hostOf(family, record.topic());
        if (host.isEmpty()) {
            refuse(family, record, "it came on " + record.topic() + ", which is no host's " + family + " topic");
        }
        return host;
    }

    /** True when {@code concerned} (the host a message is about) is the one whose topic carried it; otherwise refused. */
    public boolean accepts(String family, ConsumerRecord<String, String> record, String origin, String concerned, String what) {
        if (origin.equals(concerned)) {
            return true;
        }
        refuse(family, record, what + " concerns host '" + concerned + "' but was sent with the credentials of host '" + origin + "'");
        return false;
    }

    private void refuse(String family, ConsumerRecord<String, String> record, String why) {
        metrics.counter("domstore_messages_refused_total", "topic", family).increment();
        LOG.warnf("Refused the record at %s-%d@%d: %s. It changes nothing.", record.topic(), record.partition(), record.offset(), why);
    }
}
