package dev.domstore.agent.lvm;

import static dev.domstore.agent.HostTests.capture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.common.FailureReason;
import dev.domstore.common.messages.HostReport;
import dev.domstore.hostexec.HostOperationException;

/** Every parser against real lvm2 2.03.16 output (src/test/resources/host-captures/README.txt says where each comes from). */
class LvmReportsTest {

    @Test
    void originAndEmptySnapshot() {
        List<LogicalVolumeInfo> lvs = LvmReports.parseLogicalVolumes(capture("lvs-json-01-snap-empty.txt"));

        assertEquals(2, lvs.size());
        LogicalVolumeInfo data = lvs.get(0);
        assertEquals(new LogicalVolumeInfo("vg0", "data", "owi-a-s---", 67108864, "", null, null, false, List.of()), data);
        assertFalse(data.isClassicSnapshot());
        assertTrue(data.isActive());
        assertFalse(data.isOpen());
        assertNull(data.snapshotFill());
        LogicalVolumeInfo snap = lvs.get(1);
        assertEquals("snap1", snap.name());
        assertEquals("data", snap.origin());
        assertEquals(8388608, snap.sizeBytes());
        assertTrue(snap.isClassicSnapshot());
        assertEquals(0.0, snap.snapshotFill());
        assertFalse(snap.snapshotInvalid());
    }

    @Test
    void snapshotFillsThenIsExtendedToHalfItsFill() {
        assertEquals(25.20, snapFill("lvs-json-02-after-2MiB.txt"));
        assertEquals(75.39, snapFill("lvs-json-03-after-6MiB.txt"));
        LogicalVolumeInfo extended = snap1("lvs-json-04-after-lvextend.txt");
        assertEquals(37.70, extended.snapshotFill());
        assertEquals(16777216, extended.sizeBytes());
        assertFalse(extended.snapshotInvalid());
    }

    @Test
    void originOpenWhileWrittenShowsInTheSixthAttrLetter() {
        LogicalVolumeInfo data = LvmReports.parseLogicalVolumes(capture("lvs-json-02-after-2MiB.txt")).get(0);

        assertEquals("owi-aos---", data.attr());
        assertTrue(data.isOpen());
    }

    @Test
    void overflowedSnapshotsAreInvalidAtOneHundredPercent() {
        List<LogicalVolumeInfo> lvs = LvmReports.parseLogicalVolumes(capture("lvs-json-06-snap2-overflowed.txt"));

        for (LogicalVolumeInfo snapshot : lvs.subList(1, 3)) {
            assertEquals("swi-I-s---", snapshot.attr());
            assertEquals(100.00, snapshot.snapshotFill());
            assertTrue(snapshot.snapshotInvalid(), snapshot.name());
            assertFalse(snapshot.isActive());
        }
        assertFalse(lvs.get(0).snapshotInvalid());
        assertTrue(snap1("lvs-json-07-final.txt").snapshotInvalid());
    }

    @Test
    void lvSnapshotInvalidFieldIsReadWhereReported() {
        List<LogicalVolumeInfo> lvs = LvmReports.parseLogicalVolumes(capture("lvs-json-06b-extra-fields.txt"));

        assertEquals(3, lvs.size());
        // This capture has no vg_name and no data_percent: snap_percent stands in for it.
        assertNull(lvs.get(0).volumeGroup());
        assertFalse(lvs.get(0).snapshotInvalid(), "'unknown' for a volume that is not a snapshot");
        assertTrue(lvs.get(1).snapshotInvalid());
        assertTrue(lvs.get(2).snapshotInvalid());
        assertEquals(100.00, lvs.get(2).snapshotFill());
    }

    @Test
    void thinPoolFillIsNotMistakenForASnapshotFill() {
        for (String capture : List.of("thin-lvs-json-01-empty.txt", "thin-lvs-json-02-after-16MiB.txt", "thin-lvs-json-03-pool-full.txt")) {
            List<LogicalVolumeInfo> lvs = LvmReports.parseLogicalVolumes(capture(capture));
            assertEquals(6, lvs.size(), capture);
            assertTrue(lvs.stream().noneMatch(LogicalVolumeInfo::isClassicSnapshot), capture);
            assertTrue(lvs.stream().allMatch(lv -> lv.snapshotFill() == null), capture);
            assertTrue(lvs.stream().noneMatch(LogicalVolumeInfo::snapshotInvalid), capture);
            LogicalVolumeInfo tsnap = byName(lvs, "tsnap");
            assertEquals("thin1", tsnap.origin(), "a thin snapshot has an origin but no differences area of its own");
            assertTrue(byName(lvs, "pool").isThinPool());
        }
        LogicalVolumeInfo fullPool = byName(LvmReports.parseLogicalVolumes(capture("thin-lvs-json-03-pool-full.txt")), "pool");
        assertEquals(100.00, fullPool.dataPercent(), "the raw value is kept");
        assertNull(fullPool.snapshotFill());
        assertNull(fullPool.toReport().dataPercent());
        assertTrue(SnapshotUsages.from(LvmReports.parseLogicalVolumes(capture("thin-lvs-json-03-pool-full.txt")).stream()
                .map(LvmReportsTest::tagged).toList(), "h", java.time.Instant.now()).isEmpty(), "no usage for thin volumes");
    }

    @Test
    void anLvsListingOfOneGroupAlsoTellsItsRoom() {
        String listing = capture("lab-lvs-json-with-vg-space.txt");
        assertEquals(Optional.of(new VolumeGroupInfo("vg0", 4290772992L, 3749707776L, 4194304)),
                LvmReports.parseVolumeGroupOfLogicalVolumes(listing));
        LogicalVolumeInfo snapshot = byName(LvmReports.parseLogicalVolumes(listing), "snap");
        assertEquals(272629760L, snapshot.sizeBytes(), "LVM's maximum COW size for a 256 MiB origin: 260 MiB");
        assertEquals(268435456L, snapshot.originSizeBytes());
        assertEquals(Optional.empty(), LvmReports.parseVolumeGroupOfLogicalVolumes("{\"report\":[{\"lv\":[]}]}"));
    }

    @Test
    void volumeGroupsWithAndWithoutExtentSize() {
        assertEquals(List.of(new VolumeGroupInfo("vg0", 1069547520, 985661440, 0)),
                LvmReports.parseVolumeGroups(capture("vgs-json-07.txt")));
        VolumeGroupInfo vg = LvmReports.parseVolumeGroups(capture("build-vgs-json-metadata-only.txt")).get(0);
        assertEquals(new VolumeGroupInfo("vgcap", 264241152, 230686720, 4194304), vg);
        assertEquals(new HostReport.VolumeGroup("vgcap", 264241152, 230686720, 4194304), vg.toReport());
        assertEquals(12582912, vg.roundUp(10485760), "LVM rounded 10 MiB up to 12 MiB (build-lvcreate-rounding.stderr.txt)");
        assertEquals(4194304, vg.roundUp(4194304));
        assertEquals(4194304, vg.roundUp(1));
    }

    @Test
    void tagsAndVolumeIdsFromTheBuildMachineCapture() {
        List<LogicalVolumeInfo> lvs = LvmReports.parseLogicalVolumes(capture("build-lvs-json-metadata-only.txt"));

        LogicalVolumeInfo data = byName(lvs, "data");
        assertEquals(List.of("domstore", "domstore_volume_6f1c2a9e-1d1b-4a53-9b0e-2f1f4f7d2c11"), data.tags());
        assertTrue(data.ownedByDomstore());
        assertEquals(Optional.of(UUID.fromString("6f1c2a9e-1d1b-4a53-9b0e-2f1f4f7d2c11")), data.volumeId());
        assertEquals("-wi-XX----", data.attr(), "metadata-only: state and open unknown");
        assertFalse(data.isOpen());
        assertFalse(data.snapshotInvalid(), "lv_snapshot_invalid is 'unknown' here");
        HostReport.LogicalVolume reported = data.toReport();
        assertEquals(UUID.fromString("6f1c2a9e-1d1b-4a53-9b0e-2f1f4f7d2c11"), reported.volumeId());
        assertEquals("vgcap", reported.volumeGroup());
        assertNull(reported.origin());
        assertNull(reported.dataPercent());

        LogicalVolumeInfo foreign = byName(lvs, "foreign");
        assertEquals(List.of(), foreign.tags());
        assertFalse(foreign.ownedByDomstore());
        assertEquals(Optional.empty(), foreign.volumeId());
        assertEquals(12582912, foreign.sizeBytes());
        assertNull(foreign.toReport().volumeId());

        LogicalVolumeInfo odd = byName(lvs, "odd-tag");
        assertTrue(odd.ownedByDomstore());
        assertEquals(Optional.empty(), odd.volumeId(), "a volume tag that is not a UUID gives no volume id");
    }

    @Test
    void physicalVolumes() {
        assertEquals(List.of(new PhysicalVolumeInfo("/dev/loopN", "vgcap", 264241152, 230686720)),
                LvmReports.parsePhysicalVolumes(capture("build-pvs-json-metadata-only.txt")));
    }

    @Test
    void emptyReportsAndGarbage() {
        assertEquals(List.of(), LvmReports.parseLogicalVolumes("  {\n  \"report\": [ { \"lv\": [ ] } ] }\n"));
        HostOperationException garbage = assertThrows(HostOperationException.class,
                () -> LvmReports.parseLogicalVolumes("  WARNING: something\n"));
        assertEquals(FailureReason.INTERNAL, garbage.reason());
        assertThrows(HostOperationException.class, () -> LvmReports.parseVolumeGroups("{\"nothing\":1}"));
    }

    private static double snapFill(String capture) {
        return snap1(capture).snapshotFill();
    }

    private static LogicalVolumeInfo snap1(String capture) {
        return byName(LvmReports.parseLogicalVolumes(capture(capture)), "snap1");
    }

    private static LogicalVolumeInfo byName(List<LogicalVolumeInfo> lvs, String name) {
        return lvs.stream().filter(lv -> lv.name().equals(name)).findFirst().orElseThrow();
    }

    /** The lab captures were made without tags: give an LV domstore's tags as if it had been made by the agent. */
    static LogicalVolumeInfo tagged(LogicalVolumeInfo lv) {
        return new LogicalVolumeInfo(lv.volumeGroup(), lv.name(), lv.attr(), lv.sizeBytes(), lv.origin(), lv.originSizeBytes(),
                lv.dataPercent(), lv.snapshotInvalid(), List.of("domstore", "domstore_volume_" + UUID.nameUUIDFromBytes(lv.name().getBytes())));
    }
}
