package dev.domstore.inventory.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.domstore.common.Topics;
import dev.domstore.common.events.Actor;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.ExportsApplied;
import dev.domstore.common.messages.ExportsApplyFailed;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.inventory.domain.ProcessedMessage;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.security.Actors;
import dev.domstore.inventory.service.NfsRoots;
import dev.domstore.inventory.service.VolumeService;

/**
 * Applies hosts' results once each, in the transaction that records the result as processed; only a
 * result about the host whose topic carried it ({@link HostOrigin}). The results of one poll are applied
 * in one transaction, in the order they came, so a burst costs one commit rather than one per result.
 * When that transaction fails (a volume changed by another transaction at the same moment), each result of
 * the poll is applied in a transaction of its own, and one that fails again sends the poll's results to
 * the dead-letter topic; those already applied are recorded as processed, so a replay applies them no second time.
 */
@ApplicationScoped
public class ResultConsumer {
    private static final Logger LOG = Logger.getLogger(ResultConsumer.class);

    @Inject
    VolumeService volumes;
    @Inject
    NfsRoots nfsRoots;
    @Inject
    HostOrigin origin;

    @Incoming(Channels.RESULTS)
    @Blocking
    public void consume(ConsumerRecords<String, String> records) {
        try {
            QuarkusTransaction.requiringNew().run(() -> records.forEach(this::apply));
        } catch (RuntimeException together) {
            LOG.infof("The %d results of one poll could not be applied together (%s); applying them one at a time", records.count(),
                    together.getMessage());
            records.forEach(record -> QuarkusTransaction.requiringNew().run(() -> apply(record)));
        }
    }

    private void apply(ConsumerRecord<String, String> record) {
        String host = origin.of(Topics.RESULTS, record).orElse(null);
        if (host == null) {
            return;
        }
        CommandResult result;
        try {
            result = MessageCodec.fromJson(record.value(), CommandResult.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("Skipping a malformed result: %s; payload: %s", e.getMessage(), record.value());
            return;
        }
        String what = result.getClass().getSimpleName() + " " + result.messageId();
        if (!origin.accepts(Topics.RESULTS, record, host, result.hostId(), what)) {
            return;
        }
        if (!(result instanceof ExportsApplied || result instanceof ExportsApplyFailed)) {
            String volumeHost = Volume.hostIdOf(result.volumeId()).orElse(host);
            if (!origin.accepts(Topics.RESULTS, record, host, volumeHost, what + " (volume " + result.volumeId() + ")")) {
                return;
            }
        }
        if (!ProcessedMessage.markProcessed(result.messageId(), Instant.now())) {
            LOG.debugf("Result %s was already applied", result.messageId());
            return;
        }
        if (result instanceof ExportsApplied applied) {
            Actors.as(Actor.NFS_SERVICE, () -> nfsRoots.onApplied(applied));
        } else if (result instanceof ExportsApplyFailed failed) {
            Actors.as(Actor.NFS_SERVICE, () -> nfsRoots.onFailed(failed));
        } else {
            Actors.as(Actor.PROVISIONING_AGENT, () -> volumes.apply(result));
        }
    }
}
