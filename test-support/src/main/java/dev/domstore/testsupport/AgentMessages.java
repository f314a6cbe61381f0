package dev.domstore.testsupport;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.SnapshotUsage;

/**
 * The messages a simulated host's agent publishes, for tests and benchmarks that play the agents
 * themselves: a host report with only volume groups, and a classic snapshot's usage as lvs shows it.
 */
public final class AgentMessages {
    /** lvs' {@code lv_attr} of an active, healthy classic snapshot. */
    public static final String HEALTHY_SNAPSHOT_ATTR = "swi-a-s---";
    /** lvs' {@code lv_attr} of a classic snapshot that overflowed: the fifth letter {@code I}, invalid. */
    public static final String INVALID_SNAPSHOT_ATTR = "swi-I-s---";

    private AgentMessages() {
    }

    /** A simulated host's report: its volume groups, no LVs, images, loop or block devices. */
    public static HostReport hostReport(String hostId, Instant at, List<HostReport.VolumeGroup> volumeGroups) {
        return new HostReport(UUID.randomUUID(), hostId, hostId, at, "/var/lib/domstore/images", 0, 0, 8, true, volumeGroups,
                List.of(), List.of(), List.of(), List.of());
    }

    /** The usage of a healthy snapshot named {@code snap-<first 8 characters of its id>} of an LV named {@code origin}. */
    public static SnapshotUsage snapshotUsage(UUID volumeId, String hostId, String volumeGroup, Instant at, long cowBytes,
            long originBytes, double dataPercent) {
        return new SnapshotUsage(UUID.randomUUID(), volumeId, hostId, at, volumeGroup, snapshotName(volumeId), "origin", cowBytes,
                originBytes, dataPercent, HEALTHY_SNAPSHOT_ATTR, false);
    }

    /** The usage of the same snapshot once it overflowed, as LVM reports it: 100 % full, invalid. */
    public static SnapshotUsage overflowedSnapshotUsage(UUID volumeId, String hostId, String volumeGroup, Instant at, long cowBytes,
            long originBytes) {
        return new SnapshotUsage(UUID.randomUUID(), volumeId, hostId, at, volumeGroup, snapshotName(volumeId), "origin", cowBytes,
                originBytes, 100.0, INVALID_SNAPSHOT_ATTR, true);
    }

    private static String snapshotName(UUID volumeId) {
        return "snap-" + volumeId.toString().substring(0, 8);
    }
}
