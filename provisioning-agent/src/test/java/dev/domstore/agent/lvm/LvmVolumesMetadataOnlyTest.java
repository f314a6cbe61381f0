package dev.domstore.agent.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.domstore.agent.HostTests;
import dev.domstore.agent.exec.HostCommandRunnerProducer;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.host.HostVolume;
import dev.domstore.agent.host.RealHost;
import dev.domstore.agent.host.Resize;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.loop.Populator;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.agent.phy.PhysicalDevices;
import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.testsupport.Prerequisites;

/**
 * The agent's LVM code against the real lvm2 on a volume group built on a loop-backed PV. This
 * kernel has no device-mapper, so LVM runs in metadata-only mode ({@code --driverloaded n},
 * LVs created {@code -an -Zn}): create, extend, remove, tags and queries are real; activation,
 * mkfs on LVs, snapshots and resize2fs are tested in the lab. The VG, PV, loop device and backing
 * file are removed after the tests, also when they fail.
 */
class LvmVolumesMetadataOnlyTest {
    private static final long MIB = 1L << 20;
    private static final HostCommandRunner RUNNER = HostCommandRunnerProducer.runner(List.of(), Duration.ofMinutes(1));

    private static String vg;
    private static Path workDir;
    private static Path pvFile;
    private static String loop;
    private static LvmVolumes lvm;

    @BeforeAll
    static void volumeGroupOnALoopBackedPv() throws Exception {
        Prerequisites.requireLoopDevices(LvmVolumesMetadataOnlyTest.class, "losetup, pvcreate and vgcreate");
        Prerequisites.requireTool(LvmVolumesMetadataOnlyTest.class, "lvm", "apt-get install -y lvm2; CI installs it");
        System.out.println("LvmVolumesMetadataOnlyTest: metadata-only LVM: this kernel has no device-mapper; activation, mkfs on LVs, "
                + "snapshots and resize2fs are tested in the lab");
        vg = "dstest" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
        try {
            workDir = Files.createTempDirectory("domstore-lvm-");
            pvFile = workDir.resolve("pv.img");
            RUNNER.run(List.of("truncate", "-s", "256M", pvFile.toString()));
            loop = RUNNER.run(List.of("losetup", "-f", "--show", pvFile.toString())).stdout().strip();
            RUNNER.run(List.of("pvcreate", "-y", loop));
            RUNNER.run(List.of("vgcreate", vg, loop));
        } catch (RuntimeException | java.io.IOException e) {
            cleanUp();
            throw e;
        }
        BlockDevices blocks = new BlockDevices(RUNNER.files());
        lvm = new LvmVolumes(new LvmCommands(true), RUNNER,
                new Populator(RUNNER, new LoopDevices(RUNNER), workDir.resolve("mnt"), Duration.ofMinutes(1)), blocks);
    }

    /** Every step runs whatever happened before it, so nothing is left behind. */
    @AfterAll
    static void cleanUp() {
        List<String> failures = new ArrayList<>();
        if (vg != null && loop != null) {
            step(failures, List.of("vgremove", "-f", vg));
            step(failures, List.of("pvremove", "-ff", "-y", loop));
        }
        if (loop != null) {
            step(failures, List.of("losetup", "-d", loop));
        }
        try {
            if (pvFile != null) {
                Files.deleteIfExists(pvFile);
            }
            if (workDir != null) {
                Files.deleteIfExists(workDir.resolve("mnt"));
                Files.deleteIfExists(workDir);
            }
        } catch (java.io.IOException e) {
            failures.add(e.toString());
        }
        loop = null;
        if (!failures.isEmpty()) {
            throw new AssertionError("Clean-up failed: " + failures);
        }
    }

    private static void step(List<String> failures, List<String> argv) {
        try {
            RUNNER.run(argv);
        } catch (RuntimeException e) {
            failures.add(e.getMessage());
        }
    }

    @Test
    void createdLvIsTaggedRoundedToWholeExtentsAndIdempotent() {
        CreateVolume command = create("lv-create", 10 * MIB, null);

        HostVolume made = lvm.create(command);

        assertTrue(made.changed());
        assertEquals("/dev/" + vg + "/lv-create", made.path());
        assertEquals(12 * MIB, made.sizeBytes(), "10 MiB rounded up to 4 MiB extents");
        LogicalVolumeInfo lv = lvm.find(vg, "lv-create").orElseThrow();
        assertEquals(List.of("domstore", "domstore_volume_" + command.volumeId()), lv.tags());
        assertEquals(Optional.of(command.volumeId()), lv.volumeId());
        assertEquals('X', lv.attr().charAt(4), "not activated: metadata only");

        HostVolume again = lvm.create(command);
        assertFalse(again.changed());
        assertEquals(12 * MIB, again.sizeBytes());
        CreateVolume sameSizeAskedDifferently = new CreateVolume(UUID.randomUUID(), command.volumeId(), "h", Instant.now(), VolumeKind.LVM,
                "lv-create", 12 * MIB, null, null, vg, null, null, null);
        assertFalse(lvm.create(sameSizeAskedDifferently).changed());

        HostOperationException otherVolume = assertThrows(HostOperationException.class,
                () -> lvm.create(create("lv-create", 10 * MIB, null)));
        assertEquals(FailureReason.CONFLICT, otherVolume.reason());
        assertTrue(otherVolume.getMessage().contains("belongs to domstore volume " + command.volumeId()), otherVolume.getMessage());
        HostOperationException otherSize = assertThrows(HostOperationException.class, () -> lvm.create(new CreateVolume(UUID.randomUUID(),
                command.volumeId(), "h", Instant.now(), VolumeKind.LVM, "lv-create", 20 * MIB, null, null, vg, null, null, null)));
        assertEquals(FailureReason.CONFLICT, otherSize.reason());
        assertEquals(12 * MIB, lvm.find(vg, "lv-create").orElseThrow().sizeBytes());
    }

    @Test
    void lvWithoutDomstoresTagIsNeverTouched() {
        RUNNER.run(List.of("lvcreate", "--driverloaded", "n", "-an", "-Zn", "-n", "foreign", "-L", "8m", "-y", vg));
        UUID volumeId = UUID.randomUUID();

        HostOperationException create = assertThrows(HostOperationException.class, () -> lvm.create(create("foreign", 8 * MIB, volumeId)));
        HostOperationException extend = assertThrows(HostOperationException.class,
                () -> lvm.extend(extend("foreign", volumeId, 16 * MIB)));
        HostOperationException remove = assertThrows(HostOperationException.class, () -> lvm.remove(delete("foreign", volumeId)));

        for (HostOperationException refused : List.of(create, extend, remove)) {
            assertEquals(FailureReason.CONFLICT, refused.reason());
            assertTrue(refused.getMessage().contains("was not made by domstore"), refused.getMessage());
        }
        LogicalVolumeInfo foreign = lvm.find(vg, "foreign").orElseThrow();
        assertEquals(8 * MIB, foreign.sizeBytes());
        assertEquals(List.of(), foreign.tags());
    }

    @Test
    void extendGrowsToWholeExtentsAndNeverShrinks() {
        CreateVolume command = create("lv-extend", 16 * MIB, null);
        lvm.create(command);

        Resize grown = lvm.extend(extend("lv-extend", command.volumeId(), 33 * MIB));
        assertTrue(grown.changed());
        assertEquals(36 * MIB, grown.sizeBytes(), "33 MiB rounded up to whole 4 MiB extents, read back from lvs");
        assertEquals(36 * MIB, lvm.find(vg, "lv-extend").orElseThrow().sizeBytes());

        Resize same = lvm.extend(extend("lv-extend", command.volumeId(), 34 * MIB));
        assertFalse(same.changed(), "34 MiB is 36 MiB in extents: nothing to do");
        assertEquals(36 * MIB, same.sizeBytes());

        HostOperationException shrink = assertThrows(HostOperationException.class,
                () -> lvm.extend(extend("lv-extend", command.volumeId(), 16 * MIB)));
        assertEquals(FailureReason.INVALID_ARGUMENT, shrink.reason());
        assertTrue(shrink.getMessage().contains("shrinking"), shrink.getMessage());
        HostOperationException missing = assertThrows(HostOperationException.class,
                () -> lvm.extend(extend("lv-none", command.volumeId(), 16 * MIB)));
        assertEquals(FailureReason.NOT_FOUND, missing.reason());
        HostOperationException tooBig = assertThrows(HostOperationException.class,
                () -> lvm.extend(extend("lv-extend", command.volumeId(), 1L << 30)));
        assertEquals(FailureReason.INSUFFICIENT_CAPACITY, tooBig.reason());
        assertEquals(36 * MIB, lvm.find(vg, "lv-extend").orElseThrow().sizeBytes());
    }

    @Test
    void removeRemovesOnceAndWhatIsGoneIsSuccess() {
        CreateVolume command = create("lv-remove", 8 * MIB, null);
        lvm.create(command);

        assertThrows(HostOperationException.class, () -> lvm.remove(delete("lv-remove", UUID.randomUUID())),
                "another volume's LV is not removed");
        assertTrue(lvm.find(vg, "lv-remove").isPresent());
        assertTrue(lvm.remove(delete("lv-remove", command.volumeId())));
        assertTrue(lvm.find(vg, "lv-remove").isEmpty());
        assertFalse(lvm.remove(delete("lv-remove", command.volumeId())));
        assertFalse(lvm.remove(new DeleteVolume(UUID.randomUUID(), command.volumeId(), "h", Instant.now(), VolumeKind.LVM, "lv-remove",
                null, vg + "gone")), "a VG that is gone took the LV with it");
    }

    @Test
    void capacityAndMissingVolumeGroupAreRefusedWithoutChange() {
        HostOperationException tooBig = assertThrows(HostOperationException.class, () -> lvm.create(create("lv-huge", 1L << 30, null)));
        assertEquals(FailureReason.INSUFFICIENT_CAPACITY, tooBig.reason());
        assertTrue(lvm.find(vg, "lv-huge").isEmpty());

        HostOperationException noVg = assertThrows(HostOperationException.class, () -> lvm.create(new CreateVolume(UUID.randomUUID(),
                UUID.randomUUID(), "h", Instant.now(), VolumeKind.LVM, "lv1", 8 * MIB, null, null, vg + "none", null, null, null)));
        assertEquals(FailureReason.NOT_FOUND, noVg.reason());

        HostOperationException badName = assertThrows(HostOperationException.class, () -> lvm.create(create("-rf", 8 * MIB, null)));
        assertEquals(FailureReason.INVALID_ARGUMENT, badName.reason());
    }

    @Test
    void fileSystemIsNotMadeOnAnInactiveLvAndTheResultSaysSo() {
        HostVolume made = lvm.create(create("lv-fs", 8 * MIB, null, Filesystem.EXT4));

        assertTrue(made.changed());
        assertNull(made.filesystem(), "metadata-only: no mkfs, so no file system is claimed");
    }

    @Test
    void snapshotsNeedDeviceMapperAndSaySo() {
        CreateVolume origin = create("lv-origin", 8 * MIB, null);
        lvm.create(origin);
        CreateVolume snapshot = CreateVolume.snapshot(UUID.randomUUID(), UUID.randomUUID(), "h", Instant.now(), vg, "lv-origin", "lv-snap",
                8 * MIB);

        HostOperationException refused = assertThrows(HostOperationException.class, () -> lvm.createSnapshot(snapshot));

        assertEquals(FailureReason.INVALID_ARGUMENT, refused.reason());
        assertTrue(refused.getMessage().contains("Can't create snapshot without using device-mapper kernel driver"), refused.getMessage());
        assertTrue(lvm.find(vg, "lv-snap").isEmpty());
        assertEquals(List.of(), lvm.snapshots().stream().filter(lv -> vg.equals(lv.volumeGroup())).toList(),
                "the one-call snapshot query (-S lv_attr=~^[sS]) runs and finds none");

        HostOperationException foreignOrigin = assertThrows(HostOperationException.class, () -> lvm.createSnapshot(CreateVolume.snapshot(
                UUID.randomUUID(), UUID.randomUUID(), "h", Instant.now(), vg, "lv-no-origin", "lv-snap2", 8 * MIB)));
        assertEquals(FailureReason.NOT_FOUND, foreignOrigin.reason());
        System.out.println("LvmVolumesMetadataOnlyTest: metadata-only LVM: this kernel has no device-mapper; snapshots are tested in the lab");
    }

    @Test
    void hostReportListsTheVolumeGroupTheLvsWithTheirVolumeIdsAndThePv() throws Exception {
        CreateVolume command = create("lv-report", 8 * MIB, null);
        lvm.create(command);
        Path imageRoot = Files.createDirectories(workDir.resolve("images"));
        BlockDevices blocks = new BlockDevices(RUNNER.files());
        RealHost host = new RealHost("h", "build-machine", new FileVolumes(new ImageRoot(imageRoot), RUNNER, new LoopDevices(RUNNER)), lvm,
                new PhysicalDevices(RUNNER, blocks, Path.of("/sys")), new LoopDevices(RUNNER), blocks);

        HostReport report = host.report();

        HostReport.VolumeGroup group = report.volumeGroups().stream().filter(g -> g.name().equals(vg)).findFirst().orElseThrow();
        assertEquals(4 * MIB, group.extentSizeBytes());
        assertTrue(group.sizeBytes() > 200 * MIB && group.freeBytes() < group.sizeBytes(), group.toString());
        HostReport.LogicalVolume reported = report.logicalVolumes().stream()
                .filter(lv -> vg.equals(lv.volumeGroup()) && lv.name().equals("lv-report")).findFirst().orElseThrow();
        assertEquals(command.volumeId(), reported.volumeId());
        assertEquals(8 * MIB, reported.sizeBytes());
        assertTrue(report.loopDevices().stream().anyMatch(l -> l.device().equals(loop) && l.backingFile().equals(pvFile.toString())),
                report.loopDevices().toString());
        assertTrue(report.blockDevices().stream().anyMatch(b -> b.path().equals(loop) && b.sizeBytes() == 256 * MIB),
                report.blockDevices().toString());
        assertTrue(lvm.physicalVolumes().stream().anyMatch(pv -> pv.name().equals(loop) && pv.volumeGroup().equals(vg)));
        Files.delete(imageRoot);
    }

    private static CreateVolume create(String name, long size, UUID volumeId) {
        return create(name, size, volumeId, null);
    }

    private static CreateVolume create(String name, long size, UUID volumeId, Filesystem filesystem) {
        return CreateVolume.lvm(UUID.randomUUID(), volumeId == null ? UUID.randomUUID() : volumeId, "h", Instant.now(), vg, name, size,
                filesystem, null);
    }

    private static ExtendVolume extend(String name, UUID volumeId, long size) {
        return new ExtendVolume(UUID.randomUUID(), volumeId, "h", Instant.now(), VolumeKind.LVM, name, vg, null, size, null);
    }

    private static DeleteVolume delete(String name, UUID volumeId) {
        return new DeleteVolume(UUID.randomUUID(), volumeId, "h", Instant.now(), VolumeKind.LVM, name, null, vg);
    }
}
