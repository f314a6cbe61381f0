package dev.domstore.agent.simulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.host.HostVolume;
import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.hostexec.HostOperationException;

/** The in-memory host with a clock the test moves: snapshots fill at the write rate, overflow, and follow LVM's rules. */
class SimulatedHostTest {
    private static final long MIB = 1L << 20;
    private final MovableClock clock = new MovableClock();
    private final SimulatedHost host = new SimulatedHost("sim-01", new ImageRoot(Path.of("/var/lib/domstore/images/sim-01")), 1L << 30,
            1L << 40, MIB, clock);

    @Test
    void snapshotFillsAtTheWriteRateUntilItOverflowsAndStaysInvalid() {
        UUID origin = UUID.randomUUID();
        UUID snapshot = UUID.randomUUID();
        host.createLogicalVolume(lvm(origin, "data", 64 * MIB));
        host.createSnapshot(CreateVolume.snapshot(UUID.randomUUID(), snapshot, "sim-01", Instant.now(), "vg0", "data", "snap1", 8 * MIB));

        assertEquals(0.0, usage().dataPercent());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(25.0, usage().dataPercent());
        clock.advance(Duration.ofSeconds(4));
        assertEquals(75.0, usage().dataPercent());

        host.extendLogicalVolume(new ExtendVolume(UUID.randomUUID(), snapshot, "sim-01", Instant.now(), VolumeKind.SNAPSHOT, "snap1", "vg0",
                null, 16 * MIB, null));
        SnapshotUsage extended = usage();
        assertEquals(37.5, extended.dataPercent(), "the same 6 MiB in a twice as large area");
        assertEquals(16 * MIB, extended.cowSizeBytes());
        assertEquals(64 * MIB, extended.originSizeBytes());
        assertEquals("swi-a-s---", extended.attr());

        clock.advance(Duration.ofSeconds(30));
        SnapshotUsage overflowed = usage();
        assertEquals(100.0, overflowed.dataPercent());
        assertTrue(overflowed.invalid());
        assertEquals("swi-I-s---", overflowed.attr());
        HostOperationException tooLate = assertThrows(HostOperationException.class, () -> host.extendLogicalVolume(new ExtendVolume(
                UUID.randomUUID(), snapshot, "sim-01", Instant.now(), VolumeKind.SNAPSHOT, "snap1", "vg0", null, 32 * MIB, null)));
        assertEquals(FailureReason.CONFLICT, tooLate.reason());

        HostReport.LogicalVolume reported = host.report().logicalVolumes().stream().filter(lv -> lv.name().equals("snap1")).findFirst()
                .orElseThrow();
        assertTrue(reported.snapshotInvalid());
        assertEquals(snapshot, reported.volumeId());
        assertEquals(List.of("domstore", "domstore_volume_" + snapshot), reported.tags());
    }

    @Test
    void lvmRulesAsOnARealHost() {
        UUID volume = UUID.randomUUID();
        HostVolume made = host.createLogicalVolume(lvm(volume, "lv1", 10 * MIB));
        assertEquals(12 * MIB, made.sizeBytes(), "whole 4 MiB extents");
        assertEquals("/dev/vg0/lv1", made.path());
        assertFalse(host.createLogicalVolume(lvm(volume, "lv1", 10 * MIB)).changed());
        assertEquals(FailureReason.CONFLICT, assertThrows(HostOperationException.class,
                () -> host.createLogicalVolume(lvm(UUID.randomUUID(), "lv1", 10 * MIB))).reason());
        assertEquals(FailureReason.INSUFFICIENT_CAPACITY, assertThrows(HostOperationException.class,
                () -> host.createLogicalVolume(lvm(UUID.randomUUID(), "big", 2L << 30))).reason());
        assertEquals(FailureReason.NOT_FOUND, assertThrows(HostOperationException.class, () -> host.createLogicalVolume(
                CreateVolume.lvm(UUID.randomUUID(), UUID.randomUUID(), "sim-01", Instant.now(), "vg9", "x", MIB, null, null))).reason());

        host.createSnapshot(CreateVolume.snapshot(UUID.randomUUID(), UUID.randomUUID(), "sim-01", Instant.now(), "vg0", "lv1", "s1", 4 * MIB));
        assertEquals(FailureReason.BUSY, assertThrows(HostOperationException.class, () -> host.deleteLogicalVolume(delete(volume, "lv1")))
                .reason());
        assertEquals(FailureReason.INVALID_ARGUMENT, assertThrows(HostOperationException.class, () -> host.extendLogicalVolume(
                new ExtendVolume(UUID.randomUUID(), volume, "sim-01", Instant.now(), VolumeKind.LVM, "lv1", "vg0", null, 4 * MIB, null)))
                .reason());
        assertFalse(host.deleteLogicalVolume(delete(volume, "absent")));

        HostReport report = host.report();
        assertTrue(report.simulated());
        assertEquals("sim-01.simulated", report.hostname());
        assertEquals(new HostReport.VolumeGroup("vg0", 1L << 30, (1L << 30) - 16 * MIB, 4 * MIB), report.volumeGroups().get(0));
        assertEquals("owi-a-s---", report.logicalVolumes().get(0).attr());
        assertNull(report.logicalVolumes().get(0).dataPercent());
    }

    @Test
    void filesAndPhysicalDevices() {
        CreateVolume image = CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), "sim-01", Instant.now(), "vm1disk", 2L << 30,
                Filesystem.EXT4, "/var/lib/domstore/images/sim-01/vm1disk", null);
        assertTrue(host.createFile(image).changed());
        assertFalse(host.createFile(image).changed());
        assertEquals(FailureReason.INVALID_ARGUMENT, assertThrows(HostOperationException.class, () -> host.createFile(CreateVolume.file(
                UUID.randomUUID(), UUID.randomUUID(), "sim-01", Instant.now(), "x", MIB, null, "/etc/passwd", null))).reason());
        HostReport.Image reported = host.report().images().get(0);
        assertEquals(2L << 30, reported.sizeBytes());
        assertTrue(reported.allocatedBytes() < (2L << 30) / 100);

        HostVolume root = host.describePhysical(CreateVolume.physical(UUID.randomUUID(), UUID.randomUUID(), "sim-01", Instant.now(), "sda",
                "/dev/sda"));
        assertTrue(root.mountedReadWrite(), "its partition sda1 is mounted read-write on /");
        assertFalse(host.describePhysical(CreateVolume.physical(UUID.randomUUID(), UUID.randomUUID(), "sim-01", Instant.now(), "sdc",
                "/dev/sdc")).mountedReadWrite());
        assertEquals(FailureReason.NOT_FOUND, assertThrows(HostOperationException.class, () -> host.describePhysical(
                CreateVolume.physical(UUID.randomUUID(), UUID.randomUUID(), "sim-01", Instant.now(), "x", "/dev/sdz"))).reason());
    }

    private SnapshotUsage usage() {
        List<SnapshotUsage> usage = host.snapshotUsage();
        assertEquals(1, usage.size());
        return usage.get(0);
    }

    private static CreateVolume lvm(UUID volumeId, String name, long size) {
        return CreateVolume.lvm(UUID.randomUUID(), volumeId, "sim-01", Instant.now(), "vg0", name, size, Filesystem.EXT4, null);
    }

    private static DeleteVolume delete(UUID volumeId, String name) {
        return new DeleteVolume(UUID.randomUUID(), volumeId, "sim-01", Instant.now(), VolumeKind.LVM, name, null, "vg0");
    }

    private static final class MovableClock extends Clock {
        private Instant now = Instant.parse("2025-11-26T08:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
