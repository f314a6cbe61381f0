package dev.domstore.inventory.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

import dev.domstore.common.events.Actor;
import dev.domstore.common.events.EventType;
import dev.domstore.inventory.InventoryInfrastructure;
import dev.domstore.inventory.domain.StoredEvent;
import dev.domstore.inventory.security.Actors;

/** A reader that pages the events by sequence (as GET /api/v1/events?after= does) sees every one, however the writers' commits interleave. */
@QuarkusTest
@WithTestResource(value = InventoryInfrastructure.class, scope = TestResourceScope.GLOBAL)
class EventOrderTest {
    private static final int WRITERS = 6;
    private static final int EVENTS_PER_WRITER = 40;

    @Inject
    DomainEvents events;

    @Test
    void aReaderPagingBySequenceNeverSkipsAnEventThatCommitsAfterAHigherOne() throws Exception {
        String aggregate = "order-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        try {
            List<Future<?>> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(pool.submit(() -> {
                    for (int i = 0; i < EVENTS_PER_WRITER; i++) {
                        QuarkusTransaction.requiringNew().run(() -> Actors.as(Actor.INVENTORY, () -> {
                            events.record(EventType.OrphanDetected, "Host", aggregate, null, Map.of());
                            // Work after the event, of varying length, so that transactions commit in another order than they recorded.
                            pause(ThreadLocalRandom.current().nextInt(4));
                        }));
                    }
                    return null;
                }));
            }
            List<Long> seen = new ArrayList<>();
            long cursor = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (seen.size() < WRITERS * EVENTS_PER_WRITER && System.nanoTime() < deadline) {
                long after = cursor;
                List<Long> page = QuarkusTransaction.requiringNew().call(() -> StoredEvent.<StoredEvent>find(
                        "aggregateId = ?1 and sequence > ?2 order by sequence", aggregate, after).page(0, 7).list()
                        .stream().map(row -> row.sequence).toList());
                seen.addAll(page);
                cursor = page.isEmpty() ? cursor : page.get(page.size() - 1);
            }
            for (Future<?> writer : writers) {
                writer.get(60, TimeUnit.SECONDS);
            }

            List<Long> all = QuarkusTransaction.requiringNew().call(() -> StoredEvent.<StoredEvent>find(
                    "aggregateId = ?1 order by sequence", aggregate).list().stream().map(row -> row.sequence).toList());
            assertEquals(WRITERS * EVENTS_PER_WRITER, all.size());
            assertEquals(all, seen, "the reader saw every event, in sequence order");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void pause(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
