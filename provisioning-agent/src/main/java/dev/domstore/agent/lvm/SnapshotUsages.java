package dev.domstore.agent.lvm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import dev.domstore.common.messages.SnapshotUsage;

/** Turns an lvs report of snapshots into the {@link SnapshotUsage} messages of the snapshots domstore owns. Pure. */
public final class SnapshotUsages {
    private SnapshotUsages() {
    }

    /**
     * One usage per classic snapshot that carries domstore's tags (others are not domstore's to
     * watch; thin snapshots have no differences area of their own). An origin size lvs did not
     * report is taken from the origin's row when the report has it, else 0.
     */
    public static List<SnapshotUsage> from(List<LogicalVolumeInfo> lvs, String hostId, Instant now) {
        return lvs.stream()
                .filter(LogicalVolumeInfo::isClassicSnapshot)
                .filter(LogicalVolumeInfo::ownedByDomstore)
                .filter(lv -> lv.volumeId().isPresent())
                .map(lv -> new SnapshotUsage(UUID.randomUUID(), lv.volumeId().get(), hostId, now, lv.volumeGroup(), lv.name(), lv.origin(),
                        lv.sizeBytes(), originSize(lv, lvs), lv.dataPercent() == null ? 0.0 : lv.dataPercent(), lv.attr(),
                        lv.snapshotInvalid()))
                .toList();
    }

    private static long originSize(LogicalVolumeInfo snapshot, List<LogicalVolumeInfo> lvs) {
        if (snapshot.originSizeBytes() != null) {
            return snapshot.originSizeBytes();
        }
        return lvs.stream().filter(lv -> lv.name().equals(snapshot.origin()) && Objects.equals(lv.volumeGroup(), snapshot.volumeGroup()))
                .mapToLong(LogicalVolumeInfo::sizeBytes).findFirst().orElse(0);
    }
}
