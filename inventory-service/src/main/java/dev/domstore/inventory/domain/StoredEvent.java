package dev.domstore.inventory.domain;

import java.time.Instant;
import java.util.UUID;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import dev.domstore.common.events.EventType;

/** An audit event as stored; the same fact goes to Kafka through the outbox. */
@Entity
@Table(name = "domain_event")
public class StoredEvent extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long sequence;
    @Column(name = "event_id")
    public UUID eventId;
    @Enumerated(EnumType.STRING)
    @Column(name = "event_type")
    public EventType eventType;
    @Column(name = "aggregate_type")
    public String aggregateType;
    @Column(name = "aggregate_id")
    public String aggregateId;
    @Column(name = "host_id")
    public String hostId;
    @Column(name = "occurred_at")
    public Instant occurredAt;
    /** The token's name, or {@code system:<service>}. */
    public String actor;
    /** The token's role; null for a system actor. */
    @Column(name = "actor_role")
    public String actorRole;
    /** The event's data as JSON. */
    public String data;
}
