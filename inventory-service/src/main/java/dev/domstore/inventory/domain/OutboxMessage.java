package dev.domstore.inventory.domain;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A message that must reach Kafka, written in the same transaction as the state it describes. */
@Entity
@Table(name = "outbox")
public class OutboxMessage extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "message_id")
    public UUID messageId;
    public String topic;
    @Column(name = "message_key")
    public String messageKey;
    @Column(name = "message_type")
    public String messageType;
    @Column(name = "aggregate_id")
    public String aggregateId;
    /** The message as JSON; null for a tombstone (on a compacted topic: the key's value is removed). */
    public String payload;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "published_at")
    public Instant publishedAt;

    /** The oldest unpublished messages, in the order they were written. */
    public static List<OutboxMessage> nextUnpublished(int limit) {
        return find("publishedAt is null order by id").page(0, limit).list();
    }

    public static long countUnpublished() {
        return count("publishedAt is null");
    }
}
