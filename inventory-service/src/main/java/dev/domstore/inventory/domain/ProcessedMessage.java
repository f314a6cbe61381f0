package dev.domstore.inventory.domain;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A consumed message's id, written in the transaction that applied it: the consumer's idempotency. */
@Entity
@Table(name = "processed_message")
public class ProcessedMessage extends PanacheEntityBase {
    @Id
    @Column(name = "message_id")
    public UUID messageId;
    @Column(name = "processed_at")
    public Instant processedAt;

    /** Records {@code messageId} as processed; false if it already was. */
    public static boolean markProcessed(UUID messageId, Instant at) {
        int inserted = getEntityManager()
                .createNativeQuery("INSERT INTO processed_message (message_id, processed_at) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
                .setParameter(1, messageId)
                .setParameter(2, at)
                .executeUpdate();
        return inserted == 1;
    }
}
