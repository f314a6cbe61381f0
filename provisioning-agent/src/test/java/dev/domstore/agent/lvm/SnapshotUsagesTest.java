package dev.domstore.agent.lvm;

import static dev.domstore.agent.HostTests.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.common.messages.SnapshotUsage;

/** SnapshotUsage messages from the lab's real lvs output, with domstore's tags added (the lab made its LVs by hand). */
class SnapshotUsagesTest {
    private static final Instant NOW = Instant.parse("2025-11-26T08:00:00Z");

    @Test
    void usageFollowsTheFillOfTheDifferencesArea() {
        List<Double> fills = List.of("lvs-json-01-snap-empty.txt", "lvs-json-02-after-2MiB.txt", "lvs-json-03-after-6MiB.txt",
                "lvs-json-04-after-lvextend.txt").stream().map(capture -> single(usage(capture)).dataPercent()).toList();

        assertEquals(List.of(0.0, 25.20, 75.39, 37.70), fills);
        SnapshotUsage extended = single(usage("lvs-json-04-after-lvextend.txt"));
        assertEquals("vg0", extended.volumeGroup());
        assertEquals("snap1", extended.name());
        assertEquals("data", extended.origin());
        assertEquals(16777216, extended.cowSizeBytes());
        assertEquals(67108864, extended.originSizeBytes(), "from the origin's row: this capture has no origin_size");
        assertEquals("swi-a-s---", extended.attr());
        assertFalse(extended.invalid());
        assertEquals("host-1", extended.hostId());
        assertEquals(NOW, extended.occurredAt());
        assertEquals(UUID.nameUUIDFromBytes("snap1".getBytes()), extended.volumeId());
    }

    @Test
    void overflowedSnapshotsAreReportedInvalid() {
        List<SnapshotUsage> usage = usage("lvs-json-06-snap2-overflowed.txt");

        assertEquals(2, usage.size());
        assertTrue(usage.stream().allMatch(u -> u.invalid() && u.dataPercent() == 100.0 && u.attr().equals("swi-I-s---")));
    }

    @Test
    void snapshotsWithoutDomstoresTagsAreNotDomstoresToWatch() {
        assertEquals(List.of(), SnapshotUsages.from(LvmReports.parseLogicalVolumes(capture("lvs-json-02-after-2MiB.txt")), "host-1", NOW));
    }

    private static List<SnapshotUsage> usage(String capture) {
        return SnapshotUsages.from(LvmReports.parseLogicalVolumes(capture(capture)).stream().map(LvmReportsTest::tagged).toList(),
                "host-1", NOW);
    }

    private static SnapshotUsage single(List<SnapshotUsage> usage) {
        assertEquals(1, usage.size());
        return usage.get(0);
    }
}
