package dev.domstore.inventory.service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.domstore.common.Topics;
import dev.domstore.common.events.Actor;
import dev.domstore.common.events.DomainEvent;
import dev.domstore.common.events.EventType;
import dev.domstore.common.validation.Sizes;
import dev.domstore.inventory.domain.StoredEvent;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.messaging.Outbox;
import dev.domstore.inventory.security.Actors;

/**
 * Records every change of intent or state as an audit event: a row in {@code domain_event} and
 * the same event on {@code domstore.events}, both in the caller's transaction, with its actor
 * ({@link Actors}).
 *
 * <p>Sequences come from a PostgreSQL sequence, so two transactions could commit out of
 * sequence order and a reader paging with {@code after=} would skip the later-committing lower
 * number. So a transaction's events are written at its very end, just before its commit, under a
 * transaction-scoped advisory lock: sequence order is commit order, and event writers wait for
 * each other only for those few inserts and the commit, not for the rest of each other's work.
 */
@ApplicationScoped
public class DomainEvents {
    /** "events" in ASCII; any constant unique to this use. */
    private static final long EVENT_ORDER_LOCK_KEY = 0x6576656e7473L;
    private static final Object PENDING_EVENTS = new Object();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    @Inject
    Outbox outbox;
    @Inject
    EntityManager entityManager;
    @Inject
    ObjectMapper json;
    @Inject
    Actors actors;
    @Inject
    VolumeWaits waits;
    @Inject
    TransactionEnd transactionEnd;

    @Transactional(Transactional.TxType.MANDATORY)
    public void record(EventType type, String aggregateType, String aggregateId, String hostId, Map<String, Object> data) {
        StoredEvent row = new StoredEvent();
        row.eventId = UUID.randomUUID();
        row.eventType = type;
        row.aggregateType = aggregateType;
        row.aggregateId = aggregateId;
        row.hostId = hostId;
        row.occurredAt = Instant.now();
        Actor actor = actors.current();
        row.actor = actor.name();
        row.actorRole = actor.role();
        row.data = write(data);
        transactionEnd.onceBeforeCommit(PENDING_EVENTS, this::startTransactionEvents, this::writeInOrder).add(row);
    }

    /** A volume event: the volume as it now is, plus {@code details} of this change. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void volume(EventType type, Volume volume, Map<String, Object> details) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("name", volume.name);
        data.put("kind", volume.kind.name());
        data.put("state", volume.state.name());
        data.put("sizeBytes", volume.sizeBytes);
        data.put("size", Sizes.format(volume.sizeBytes));
        if (volume.filesystem != null) {
            data.put("filesystem", volume.filesystem.name());
        }
        data.put("xenDisk", volume.xenDisk());
        data.putAll(details);
        waits.changedOnCommit(volume.id);
        record(type, "Volume", volume.id.toString(), volume.hostId, data);
    }

    public DomainEvent toEvent(StoredEvent row) {
        try {
            return new DomainEvent(row.eventId, row.sequence, row.eventType, row.aggregateType, row.aggregateId, row.hostId,
                    row.occurredAt, new Actor(row.actor, row.actorRole), json.readValue(row.data, MAP));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored event " + row.eventId + " has unreadable data", e);
        }
    }

    private List<StoredEvent> startTransactionEvents() {
        // Hibernate joins a transaction when its session first opens, which the transaction manager refuses during the commit.
        entityManager.joinTransaction();
        outbox.wakeRelayOnCommit();
        return new ArrayList<>();
    }

    /** Just before the commit: the lock, then the transaction's events in the order they were recorded, and their outbox rows. */
    private void writeInOrder(List<StoredEvent> rows) {
        entityManager.flush();
        entityManager.createNativeQuery("SELECT pg_advisory_xact_lock(?1)").setParameter(1, EVENT_ORDER_LOCK_KEY).getSingleResult();
        for (StoredEvent row : rows) {
            entityManager.persist(row);
            outbox.enqueue(Topics.EVENTS, row.aggregateId, row.eventId, row.aggregateId, toEvent(row), row.occurredAt);
        }
        // Hibernate's own flush has run already: what this wrote is flushed here.
        entityManager.flush();
    }

    private String write(Map<String, Object> data) {
        try {
            return json.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event data cannot be written as JSON: " + data, e);
        }
    }
}
