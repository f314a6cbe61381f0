package dev.domstore.inventory.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.narayana.jta.QuarkusTransaction;

import dev.domstore.inventory.config.InventoryConfig;
import dev.domstore.inventory.domain.Volume;
import dev.domstore.inventory.domain.VolumeState;

/**
 * Waiting for a volume to reach a state without polling it: every change of a volume records an event
 * ({@link DomainEvents}), which wakes this instance's waiters for that volume once its transaction has
 * committed. A change made by another inventory instance wakes nobody here, so a waiter also looks
 * again every {@code domstore.inventory.wait-recheck}.
 */
@ApplicationScoped
public class VolumeWaits {
    private final Map<UUID, Set<CompletableFuture<Void>>> waiting = new ConcurrentHashMap<>();

    @Inject
    TransactionEnd transactionEnd;
    @Inject
    VolumeService volumes;
    @Inject
    InventoryConfig config;

    private record Seen<T>(VolumeState state, T view) {
    }

    /**
     * {@code view} of the volume once it is in {@code wanted}, or settled in another state
     * ({@link VolumeState#isSettled}), or when {@code timeout} has passed, whichever comes first; read in a
     * transaction of its own each time.
     */
    public <T> T awaitState(UUID volumeId, VolumeState wanted, Duration timeout, Function<Volume, T> view) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            CompletableFuture<Void> changed = new CompletableFuture<>();
            waiting.computeIfAbsent(volumeId, id -> ConcurrentHashMap.newKeySet()).add(changed);
            try {
                Seen<T> seen = QuarkusTransaction.requiringNew().call(() -> {
                    Volume volume = volumes.get(volumeId);
                    return new Seen<>(volume.state, view.apply(volume));
                });
                long left = Duration.between(Instant.now(), deadline).toMillis();
                if (seen.state() == wanted || seen.state().isSettled() || left <= 0) {
                    return seen.view();
                }
                changed.get(Math.min(left, config.waitRecheck().toMillis()), TimeUnit.MILLISECONDS);
            } catch (TimeoutException lookAgain) {
                // another instance may have changed it; the loop reads it again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for volume " + volumeId, e);
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } finally {
                waiting.computeIfPresent(volumeId, (id, futures) -> {
                    futures.remove(changed);
                    return futures.isEmpty() ? null : futures;
                });
            }
        }
    }

    /** Wakes the waiters for {@code volumeId} once the current transaction has committed. */
    void changedOnCommit(UUID volumeId) {
        if (!waiting.containsKey(volumeId)) {
            return;
        }
        transactionEnd.afterCommit(() -> {
            Set<CompletableFuture<Void>> futures = waiting.get(volumeId);
            if (futures != null) {
                futures.forEach(future -> future.complete(null));
            }
        });
    }
}
