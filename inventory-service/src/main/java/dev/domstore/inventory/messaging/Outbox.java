package dev.domstore.inventory.messaging;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.Versioned;
import dev.domstore.inventory.domain.OutboxMessage;
import dev.domstore.inventory.service.TransactionEnd;

/**
 * Writes messages that must reach Kafka into the outbox table, inside the caller's transaction,
 * and wakes the relay once that transaction has committed.
 */
@ApplicationScoped
public class Outbox {
    private static final Object RELAY_WAKE_UP = new Object();

    @Inject
    TransactionEnd transactionEnd;
    @Inject
    OutboxRelay relay;

    public void enqueue(String topic, String key, UUID messageId, String aggregateId, Versioned message, Instant at) {
        write(topic, key, messageId, message.getClass().getSimpleName(), aggregateId, MessageCodec.toJson(message), at);
    }

    /** A command, on its host's own commands topic, keyed by the host: only that host's agent and nfs-service read it. */
    public void enqueueCommand(Command command, String aggregateId) {
        enqueue(Topics.ofHost(Topics.COMMANDS, command.hostId()), command.hostId(), command.commandId(), aggregateId, command,
                command.occurredAt());
    }

    /**
     * A tombstone: a record with {@code key} and no value, which removes the key's value from a
     * compacted topic. {@code messageType} names what it removes (the relay's {@code domstore-type}
     * header), for example {@code SnapshotGuardPolicy}.
     */
    public void enqueueTombstone(String topic, String key, String messageType, String aggregateId, Instant at) {
        write(topic, key, UUID.randomUUID(), messageType, aggregateId, null, at);
    }

    private void write(String topic, String key, UUID messageId, String messageType, String aggregateId, String payload, Instant at) {
        OutboxMessage row = new OutboxMessage();
        row.messageId = messageId;
        row.topic = topic;
        row.messageKey = key;
        row.messageType = messageType;
        row.aggregateId = aggregateId;
        row.payload = payload;
        row.createdAt = at;
        row.persist();
        wakeRelayOnCommit();
    }

    /** The relay looks for new rows once the current transaction has committed (once however many rows it wrote). */
    public void wakeRelayOnCommit() {
        transactionEnd.onceAfterCommit(RELAY_WAKE_UP, relay::wakeUp);
    }
}
