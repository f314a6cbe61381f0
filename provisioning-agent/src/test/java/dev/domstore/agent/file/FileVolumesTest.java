package dev.domstore.agent.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.exec.HostCommandRunnerProducer;
import dev.domstore.agent.host.Resize;
import dev.domstore.agent.loop.LoopDevices;
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

/** On the real file system with the real tools; the loop device test needs root, as in CI. */
class FileVolumesTest {
    private static final long TWO_GIB = 2L << 30;
    private static final long SIXTY_FOUR_MIB = 64L << 20;

    /** Removed by JUnit after each test, with the image root inside it. */
    @TempDir
    Path workDir;
    private Path imageRoot;
    private HostCommandRunner runner;
    private FileVolumes fileVolumes;

    @BeforeEach
    void setUp() {
        // Not created here: the first create must make it.
        imageRoot = workDir.resolve("images");
        runner = HostCommandRunnerProducer.runner(List.of(), Duration.ofMinutes(2));
        fileVolumes = new FileVolumes(new ImageRoot(imageRoot), runner, new LoopDevices(runner));
    }

    @Test
    void twoGibExt4ImageIsSparseAndComplete() throws IOException {
        Path path = imageRoot.resolve("vm1disk");

        FileImage image = fileVolumes.create(create(path, TWO_GIB, Filesystem.EXT4));

        assertEquals(path, image.path());
        assertTrue(image.createdNow());
        assertEquals(TWO_GIB, image.sizeBytes());
        assertEquals(TWO_GIB, Files.size(path));
        assertTrue(image.allocatedBytes() > 0, "ext4 metadata takes some blocks");
        assertTrue(image.allocatedBytes() < TWO_GIB / 100, "allocated " + image.allocatedBytes() + " bytes, 1 % or more of 2 GiB");
        assertEquals("ext4", runner.run(List.of("blkid", "-p", "-o", "value", "-s", "TYPE", path.toString())).stdout().strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path)));
        assertFalse(Files.exists(partialOf(path)));
    }

    @Test
    void imageMountsThroughALoopDeviceAndCannotBeDeletedWhileAttached() throws IOException {
        Prerequisites.requireLoopDevices(FileVolumesTest.class, "losetup and mount");
        Path path = imageRoot.resolve("vm2disk");
        fileVolumes.create(create(path, TWO_GIB, Filesystem.EXT4));
        Path mountPoint = Files.createDirectory(workDir.resolve("mnt"));

        String device = runner.run(List.of("losetup", "-f", "--show", path.toString())).stdout().strip();
        try {
            assertEquals(Path.of(device), new LoopDevices(runner).attachedTo(path).orElseThrow().device());
            HostOperationException busy = assertThrows(HostOperationException.class, () -> fileVolumes.delete(delete(path)));
            assertEquals(FailureReason.BUSY, busy.reason());
            assertTrue(busy.getMessage().contains(device), busy.getMessage());
            assertTrue(Files.exists(path));

            runner.run(List.of("mount", device, mountPoint.toString()));
            try {
                Files.writeString(mountPoint.resolve("hello.txt"), "written through " + device);
                assertEquals("written through " + device, Files.readString(mountPoint.resolve("hello.txt")));
            } finally {
                runner.run(List.of("umount", mountPoint.toString()));
            }
        } finally {
            runner.run(List.of("losetup", "-d", device));
        }

        assertTrue(fileVolumes.delete(delete(path)));
        assertFalse(Files.exists(path));
    }

    @Test
    void secondIdenticalCreateLeavesTheImageUntouched() throws Exception {
        Path path = imageRoot.resolve("vm3disk");
        fileVolumes.create(create(path, SIXTY_FOUR_MIB, Filesystem.EXT4));
        Object inode = Files.getAttribute(path, "unix:ino");
        FileTime modified = Files.getLastModifiedTime(path);
        Thread.sleep(20);

        FileImage again = fileVolumes.create(create(path, SIXTY_FOUR_MIB, Filesystem.EXT4));

        assertFalse(again.createdNow());
        assertEquals(SIXTY_FOUR_MIB, again.sizeBytes());
        assertEquals(Filesystem.EXT4, again.filesystem());
        assertEquals(inode, Files.getAttribute(path, "unix:ino"));
        assertEquals(modified, Files.getLastModifiedTime(path));
    }

    @Test
    void differentFileAtThePathIsAConflictAndStaysAsItWas() throws IOException {
        Path path = Files.createDirectories(imageRoot).resolve("vm4disk");
        byte[] precious = "someone else's data".getBytes();
        Files.write(path, precious);
        FileTime modified = Files.getLastModifiedTime(path);

        HostOperationException conflict = assertThrows(HostOperationException.class,
                () -> fileVolumes.create(create(path, SIXTY_FOUR_MIB, null)));

        assertEquals(FailureReason.CONFLICT, conflict.reason());
        assertTrue(conflict.getMessage().contains("already exists with " + precious.length + " bytes"), conflict.getMessage());
        assertArrayEquals(precious, Files.readAllBytes(path));
        assertEquals(modified, Files.getLastModifiedTime(path));
    }

    @Test
    void sameSizeWithoutTheFileSystemAskedForIsAConflict() throws IOException {
        Path path = imageRoot.resolve("vm5disk");
        fileVolumes.create(create(path, SIXTY_FOUR_MIB, null));
        FileTime modified = Files.getLastModifiedTime(path);

        HostOperationException conflict = assertThrows(HostOperationException.class,
                () -> fileVolumes.create(create(path, SIXTY_FOUR_MIB, Filesystem.EXT4)));

        assertEquals(FailureReason.CONFLICT, conflict.reason());
        assertTrue(conflict.getMessage().contains("no file system, not the ext4 asked for"), conflict.getMessage());
        assertEquals(modified, Files.getLastModifiedTime(path));
    }

    @Test
    void deleteRemovesTheImageAndALeftoverPartialAndSucceedsWhenGone() throws IOException {
        Path path = imageRoot.resolve("vm6disk");
        fileVolumes.create(create(path, SIXTY_FOUR_MIB, Filesystem.EXT2));
        Files.writeString(partialOf(path), "left by a crash");

        assertTrue(fileVolumes.delete(delete(path)));

        assertFalse(Files.exists(path));
        assertFalse(Files.exists(partialOf(path)));
        assertFalse(fileVolumes.delete(delete(path)));
    }

    @Test
    void stalePartialIsReplacedByAFreshBuild() throws IOException {
        Path path = Files.createDirectories(imageRoot).resolve("vm7disk");
        Files.writeString(partialOf(path), "left by a crash");

        FileImage image = fileVolumes.create(create(path, SIXTY_FOUR_MIB, Filesystem.EXT3));

        assertTrue(image.createdNow());
        assertEquals(SIXTY_FOUR_MIB, Files.size(path));
        assertFalse(Files.exists(partialOf(path)));
    }

    @Test
    void failedBuildLeavesNothingBehind() throws IOException {
        Path path = imageRoot.resolve("vm8disk");

        // mke2fs refuses a 64 KiB file system with a journal.
        HostOperationException failure = assertThrows(HostOperationException.class,
                () -> fileVolumes.create(create(path, 64 << 10, Filesystem.EXT4)));

        assertTrue(failure.getMessage().contains("'mkfs -t ext4 -F -q -E lazy_journal_init=1 " + partialOf(path) + "' failed with exit code"),
                failure.getMessage());
        try (var left = Files.list(imageRoot)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void pathsOutsideTheImageRootAreRefused() {
        for (Path outside : List.of(workDir.resolve("elsewhere"), imageRoot.resolve("../escape"), imageRoot)) {
            HostOperationException refused = assertThrows(HostOperationException.class,
                    () -> fileVolumes.create(create(outside, SIXTY_FOUR_MIB, null)));
            assertEquals(FailureReason.INVALID_ARGUMENT, refused.reason(), outside.toString());
            assertEquals(FailureReason.INVALID_ARGUMENT,
                    assertThrows(HostOperationException.class, () -> fileVolumes.delete(delete(outside))).reason());
        }
        assertFalse(Files.exists(workDir.resolve("elsewhere")));
        assertFalse(Files.exists(workDir.resolve("escape")));
    }

    @Test
    void sizeThatIsNotWholeSectorsIsRefused() {
        HostOperationException refused = assertThrows(HostOperationException.class,
                () -> fileVolumes.create(create(imageRoot.resolve("vm9disk"), 1000, null)));

        assertEquals(FailureReason.INVALID_ARGUMENT, refused.reason());
    }

    @Test
    void imagePathIsNormalisedBeforeUse() throws IOException {
        Path path = imageRoot.resolve("sub/../vm10disk");

        FileImage image = fileVolumes.create(create(path, SIXTY_FOUR_MIB, null));

        assertEquals(imageRoot.resolve("vm10disk"), image.path());
        assertTrue(Files.exists(imageRoot.resolve("vm10disk")));
    }

    @Test
    void extendGrowsTheImageAndItsExtFileSystemAndStaysSparse() throws IOException {
        Path path = imageRoot.resolve("vm11disk");
        fileVolumes.create(create(path, SIXTY_FOUR_MIB, Filesystem.EXT4));

        Resize grown = fileVolumes.extend(extend(path, 2 * SIXTY_FOUR_MIB));

        assertTrue(grown.changed());
        assertEquals(2 * SIXTY_FOUR_MIB, grown.sizeBytes());
        assertEquals(2 * SIXTY_FOUR_MIB, Files.size(path));
        assertEquals(2 * SIXTY_FOUR_MIB, ext4Bytes(path), "resize2fs grew the file system to the new size");
        assertTrue(allocated(path) < SIXTY_FOUR_MIB / 4, "still sparse: " + allocated(path));
        assertEquals("ext4", runner.run(List.of("blkid", "-p", "-o", "value", "-s", "TYPE", path.toString())).stdout().strip());
        assertEquals(0, runner.probe(List.of("e2fsck", "-f", "-n", path.toString())).exitCode(), "clean after growing");

        Resize again = fileVolumes.extend(extend(path, 2 * SIXTY_FOUR_MIB));
        assertFalse(again.changed());
        assertEquals(2 * SIXTY_FOUR_MIB, again.sizeBytes());
    }

    @Test
    void extendNeverShrinksAndNeedsTheImage() throws IOException {
        Path path = imageRoot.resolve("vm12disk");
        fileVolumes.create(create(path, SIXTY_FOUR_MIB, null));

        HostOperationException shrink = assertThrows(HostOperationException.class, () -> fileVolumes.extend(extend(path, SIXTY_FOUR_MIB / 2)));
        HostOperationException missing = assertThrows(HostOperationException.class,
                () -> fileVolumes.extend(extend(imageRoot.resolve("absent"), SIXTY_FOUR_MIB)));
        Resize raw = fileVolumes.extend(extend(path, 2 * SIXTY_FOUR_MIB));

        assertEquals(FailureReason.INVALID_ARGUMENT, shrink.reason());
        assertEquals(FailureReason.NOT_FOUND, missing.reason());
        assertEquals(2 * SIXTY_FOUR_MIB, raw.sizeBytes(), "a raw image grows without resize2fs");
        assertEquals(java.util.OptionalLong.of(2 * SIXTY_FOUR_MIB), fileVolumes.currentSizeBytes(path.toString()));
    }

    @Test
    void extendOfAnAttachedImageIsBusy() throws IOException {
        Prerequisites.requireLoopDevices(FileVolumesTest.class, "losetup");
        Path path = imageRoot.resolve("vm13disk");
        fileVolumes.create(create(path, SIXTY_FOUR_MIB, Filesystem.EXT4));
        String device = runner.run(List.of("losetup", "-f", "--show", path.toString())).stdout().strip();
        try {
            HostOperationException busy = assertThrows(HostOperationException.class,
                    () -> fileVolumes.extend(extend(path, 2 * SIXTY_FOUR_MIB)));
            assertEquals(FailureReason.BUSY, busy.reason());
            assertEquals(SIXTY_FOUR_MIB, Files.size(path));
        } finally {
            runner.run(List.of("losetup", "-d", device));
        }
    }

    @Test
    void imagesAreListedWithApparentAndAllocatedBytesWithoutPartials() throws IOException {
        Path path = imageRoot.resolve("vm14disk");
        fileVolumes.create(create(path, SIXTY_FOUR_MIB, Filesystem.EXT4));
        Files.writeString(partialOf(imageRoot.resolve("vm15disk")), "unfinished");

        List<HostReport.Image> images = fileVolumes.images();

        assertEquals(1, images.size(), images.toString());
        assertEquals(path.toString(), images.get(0).path());
        assertEquals(SIXTY_FOUR_MIB, images.get(0).sizeBytes());
        assertEquals(allocated(path), images.get(0).allocatedBytes());
        assertEquals(List.of(), new FileVolumes(new ImageRoot(workDir.resolve("none")), runner, new LoopDevices(runner)).images());
    }

    @Test
    void findOutputIsParsed() {
        // find -printf '%s %b %p\0': apparent bytes, 512-byte blocks, path; NUL-terminated so any file name is safe.
        assertEquals(List.of(new HostReport.Image("/img/a b", 2147483648L, 8192), new HostReport.Image("/img/c", 0, 0)),
                FileVolumes.parseImageList("2147483648 16 /img/a b\0" + "0 0 /img/c\0" + "5 8 /img/d.partial\0"));
    }

    private long ext4Bytes(Path image) {
        String header = runner.run(List.of("dumpe2fs", "-h", image.toString())).stdout();
        long blocks = 0;
        long blockSize = 0;
        for (String line : header.split("\n")) {
            if (line.startsWith("Block count:")) {
                blocks = Long.parseLong(line.substring("Block count:".length()).strip());
            } else if (line.startsWith("Block size:")) {
                blockSize = Long.parseLong(line.substring("Block size:".length()).strip());
            }
        }
        return blocks * blockSize;
    }

    private long allocated(Path image) {
        return FileVolumes.parseAllocatedBytes(runner.run(List.of("stat", "-c", "%b %B", image.toString())).stdout());
    }

    private static ExtendVolume extend(Path path, long newSize) {
        return new ExtendVolume(UUID.randomUUID(), UUID.randomUUID(), "test-host-1", Instant.now(), VolumeKind.FILE,
                path.getFileName().toString(), null, path.toString(), newSize, null);
    }

    private static CreateVolume create(Path path, long sizeBytes, Filesystem filesystem) {
        return CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), "test-host-1", Instant.now(),
                path.getFileName().toString(), sizeBytes, filesystem, path.toString(), null);
    }

    private static DeleteVolume delete(Path path) {
        return new DeleteVolume(UUID.randomUUID(), UUID.randomUUID(), "test-host-1", Instant.now(), VolumeKind.FILE,
                path.getFileName().toString(), path.toString(), null);
    }

    private static Path partialOf(Path image) {
        return image.resolveSibling(image.getFileName() + ".partial");
    }

}
