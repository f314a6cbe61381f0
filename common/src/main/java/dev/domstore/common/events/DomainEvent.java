package dev.domstore.common.events;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.domstore.common.messages.Versioned;

/**
 * One fact of the audit stream, published on {@code domstore.events} keyed by aggregate id and
 * kept in the inventory's event table. {@code sequence} orders all events of one inventory
 * database; {@code actor} says who made the change; {@code data} holds the type's fields
 * (docs/events.md).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
public record DomainEvent(
        UUID eventId,
        long sequence,
        EventType eventType,
        String aggregateType,
        String aggregateId,
        String hostId,
        Instant occurredAt,
        Actor actor,
        Map<String, Object> data) implements Versioned {
}
