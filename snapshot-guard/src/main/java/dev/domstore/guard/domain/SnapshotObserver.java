package dev.domstore.guard.domain;

import java.util.List;

import dev.domstore.guard.policy.Decision;

/** What the engine tells the outside (metrics, readiness) about the snapshots it watches. Methods are no-ops by default. */
public interface SnapshotObserver {
    SnapshotObserver NONE = new SnapshotObserver() {
    };

    default void watching(SnapshotState snapshot) {
    }

    default void forgotten(SnapshotState snapshot) {
    }

    /** A request was published. */
    default void requested(SnapshotState snapshot, Decision decision) {
    }

    default void publishFailed(SnapshotState snapshot) {
    }

    /** Seen invalid for the first time (by this instance). */
    default void invalidated(SnapshotState snapshot) {
    }

    default void reactionMeasured(String hostId, double sampleSeconds, double averageSeconds) {
    }

    static SnapshotObserver all(SnapshotObserver... observers) {
        List<SnapshotObserver> list = List.of(observers);
        return new SnapshotObserver() {
            @Override
            public void watching(SnapshotState snapshot) {
                list.forEach(o -> o.watching(snapshot));
            }

            @Override
            public void forgotten(SnapshotState snapshot) {
                list.forEach(o -> o.forgotten(snapshot));
            }

            @Override
            public void requested(SnapshotState snapshot, Decision decision) {
                list.forEach(o -> o.requested(snapshot, decision));
            }

            @Override
            public void publishFailed(SnapshotState snapshot) {
                list.forEach(o -> o.publishFailed(snapshot));
            }

            @Override
            public void invalidated(SnapshotState snapshot) {
                list.forEach(o -> o.invalidated(snapshot));
            }

            @Override
            public void reactionMeasured(String hostId, double sampleSeconds, double averageSeconds) {
                list.forEach(o -> o.reactionMeasured(hostId, sampleSeconds, averageSeconds));
            }
        };
    }
}
