package dev.domstore.inventory.messaging;

import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;

import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.Versioned;
import dev.domstore.inventory.domain.OutboxMessage;

/**
 * Writes messages that must reach Kafka into the outbox table, inside the caller's transaction,
 * and wakes the relay once that transaction has committed.
 */
@ApplicationScoped
public class Outbox {
    @Inject
    TransactionSynchronizationRegistry transactions;
    @Inject
    OutboxRelay relay;

    public void enqueue(String topic, String key, UUID messageId, String aggregateId, Versioned message, Instant at) {
        OutboxMessage row = new OutboxMessage();
        row.messageId = messageId;
        row.topic = topic;
        row.messageKey = key;
        row.messageType = message.getClass().getSimpleName();
        row.aggregateId = aggregateId;
        row.payload = MessageCodec.toJson(message);
        row.createdAt = at;
        row.persist();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wakeUp();
                }
            }
        });
    }
}
