package dev.domstore.agent.messaging;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Lanes of commands: the commands of one lane run one after another, in the order they were submitted, and
 * different lanes run side by side on {@code executor}. A lane is dropped once its last command is done.
 */
final class VolumeLanes {
    private final Executor executor;
    private final Map<String, CompletableFuture<Void>> tails = new HashMap<>();

    VolumeLanes(Executor executor) {
        this.executor = executor;
    }

    /** Runs {@code work} after every command submitted before it to {@code lane}, whether they succeeded or not. */
    synchronized CompletableFuture<Void> submit(String lane, Runnable work) {
        CompletableFuture<Void> previous = tails.getOrDefault(lane, CompletableFuture.completedFuture(null));
        CompletableFuture<Void> next = previous.handle((done, failure) -> null).thenRunAsync(work, executor);
        tails.put(lane, next);
        next.whenComplete((done, failure) -> dropIfLast(lane, next));
        return next;
    }

    synchronized int busyLanes() {
        return tails.size();
    }

    private synchronized void dropIfLast(String lane, CompletableFuture<Void> finished) {
        tails.remove(lane, finished);
    }
}
