package dev.domstore.guard.domain;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * The copy-on-write snapshots this guard instance is watching, by volume id: those of the
 * snapshot-usage partitions assigned to it. Kept by the engine; read by the readiness check.
 */
@ApplicationScoped
public class WatchedSnapshots implements SnapshotObserver {
    private final Set<UUID> volumeIds = ConcurrentHashMap.newKeySet();

    public void watch(UUID volumeId) {
        volumeIds.add(volumeId);
    }

    public void forget(UUID volumeId) {
        volumeIds.remove(volumeId);
    }

    public int count() {
        return volumeIds.size();
    }

    @Override
    public void watching(SnapshotState snapshot) {
        watch(snapshot.volumeId());
    }

    @Override
    public void forgotten(SnapshotState snapshot) {
        forget(snapshot.volumeId());
    }
}
