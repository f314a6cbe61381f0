package dev.domstore.inventory.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.ExportsApplied;
import dev.domstore.common.messages.ExportsApplyFailed;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.inventory.domain.ProcessedMessage;
import dev.domstore.inventory.service.NfsRoots;
import dev.domstore.inventory.service.VolumeService;

/** Applies hosts' results once each, in the transaction that records the result as processed. */
@ApplicationScoped
public class ResultConsumer {
    private static final Logger LOG = Logger.getLogger(ResultConsumer.class);

    @Inject
    VolumeService volumes;
    @Inject
    NfsRoots nfsRoots;

    @Incoming(Channels.RESULTS)
    @Blocking
    @Transactional
    public void consume(String payload) {
        CommandResult result;
        try {
            result = MessageCodec.fromJson(payload, CommandResult.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("Skipping a malformed result: %s; payload: %s", e.getMessage(), payload);
            return;
        }
        if (!ProcessedMessage.markProcessed(result.messageId(), Instant.now())) {
            LOG.debugf("Result %s was already applied", result.messageId());
            return;
        }
        if (result instanceof ExportsApplied applied) {
            nfsRoots.onApplied(applied);
        } else if (result instanceof ExportsApplyFailed failed) {
            nfsRoots.onFailed(failed);
        } else {
            volumes.apply(result);
        }
    }
}
