package dev.domstore.agent.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One lane per volume: the commands of a volume run one after another, in the order they were submitted, and
 * the commands of different volumes run side by side on {@code executor}. A long populate holds up the later
 * commands of its own volume only. A lane is dropped once its last command is done.
 */
final class VolumeLanes {
    private final Executor executor;
    private final Map<UUID, CompletableFuture<Void>> tails = new HashMap<>();

    VolumeLanes(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code work} after every command submitted before it for {@code volumeId}, whether they succeeded or not. */
    synchronized CompletableFuture<Void> submit(UUID volumeId, Runnable work) {
        CompletableFuture<Void> previous = tails.getOrDefault(volumeId, CompletableFuture.completedFuture(null));
        CompletableFuture<Void> next = previous.handle((done, failure) -> null).thenRunAsync(work, executor);
        tails.put(volumeId, next);
        next.whenComplete((done, failure) -> dropIfLast(volumeId, next));
        return next;
    }

    synchronized int busyVolumes() {
        return tails.size();
    }

    private synchronized void dropIfLast(UUID volumeId, CompletableFuture<Void> finished) {
        tails.remove(volumeId, finished);
    }
}
