package dev.domstore.guard.domain;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import dev.domstore.guard.policy.Outstanding;

/**
 * The growth steps asked for, by (volume id, fromCowBytes): the guard's memory of
 * {@code domstore.extend-requests}. Filled from the topic on every partition assignment (so a
 * restarted or rebalanced guard knows what its predecessors asked for) and by this guard's own
 * requests. A step is closed when a usage report shows a larger area. Written by the worker thread,
 * read by the REST view too.
 */
public final class RequestLedger {
    private final Map<UUID, NavigableMap<Long, Outstanding>> steps = new HashMap<>();

    /** Records a request; for a step already known, keeps the later request time (a retry). */
    public synchronized void record(UUID volumeId, Outstanding step) {
        steps.computeIfAbsent(volumeId, id -> new TreeMap<>())
                .merge(step.fromCowBytes(), step, (old, now) -> now.requestedAt().isAfter(old.requestedAt()) ? now : old);
    }

    /** The step from {@code cowBytes}, if asked for and not closed. */
    public synchronized Outstanding outstanding(UUID volumeId, long cowBytes) {
        NavigableMap<Long, Outstanding> forVolume = steps.get(volumeId);
        return forVolume == null ? null : forVolume.get(cowBytes);
    }

    /** The area is now {@code cowBytes}: steps from smaller sizes are done. Returns the latest of them. */
    public synchronized Optional<Outstanding> closeBelow(UUID volumeId, long cowBytes) {
        NavigableMap<Long, Outstanding> forVolume = steps.get(volumeId);
        if (forVolume == null) {
            return Optional.empty();
        }
        NavigableMap<Long, Outstanding> done = forVolume.headMap(cowBytes, false);
        Optional<Outstanding> latest = done.values().stream().max((a, b) -> a.requestedAt().compareTo(b.requestedAt()));
        done.clear();
        if (forVolume.isEmpty()) {
            steps.remove(volumeId);
        }
        return latest;
    }

    /** Forgets steps asked for before {@code cutoff}: past the retry timeout, they no longer hold anything back. */
    public synchronized void pruneBefore(Instant cutoff) {
        steps.values().forEach(forVolume -> forVolume.values().removeIf(step -> step.requestedAt().isBefore(cutoff)));
        steps.values().removeIf(Map::isEmpty);
    }

    public synchronized int size() {
        return steps.values().stream().mapToInt(Map::size).sum();
    }
}
