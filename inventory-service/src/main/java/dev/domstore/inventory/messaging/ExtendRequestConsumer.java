package dev.domstore.inventory.messaging;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.domstore.common.events.Actor;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.inventory.domain.ProcessedMessage;
import dev.domstore.inventory.security.Actors;
import dev.domstore.inventory.service.SnapshotGuarding;

/** The guard's extend requests, each applied once. */
@ApplicationScoped
public class ExtendRequestConsumer {
    private static final Logger LOG = Logger.getLogger(ExtendRequestConsumer.class);

    @Inject
    SnapshotGuarding guarding;

    @Incoming(Channels.EXTEND_REQUESTS)
    @Blocking
    @Transactional
    public void consume(String payload) {
        SnapshotExtendRequested request;
        try {
            request = MessageCodec.fromJson(payload, SnapshotExtendRequested.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("Skipping a malformed extend request: %s; payload: %s", e.getMessage(), payload);
            return;
        }
        if (ProcessedMessage.markProcessed(request.messageId(), Instant.now())) {
            Actors.as(Actor.SNAPSHOT_GUARD, () -> guarding.onExtendRequested(request));
        }
    }
}
