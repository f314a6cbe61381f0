package dev.domstore.agent.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.HostTests;
import dev.domstore.agent.loop.LoopCommands;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.loop.Populator;
import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.testsupport.Prerequisites;

/**
 * A FILE volume made with mkfs, mounted through a real loop device and filled from a directory
 * tree (populateFrom), as root. Owners, modes, symbolic and hard links, device nodes and FIFOs
 * survive the copy; the loop device and the mount are gone afterwards, also when the copy fails.
 */
class PopulateFileVolumeTest {
    private final HostCommandRunner runner = HostTests.runner();

    @TempDir
    Path dir;
    private Path images;
    private Path mountRoot;
    private LoopDevices loops;
    private FileVolumes fileVolumes;

    @BeforeEach
    void setUp() throws IOException {
        Prerequisites.requireLoopDevices(PopulateFileVolumeTest.class, "losetup, mount, chown and mknod");
        images = dir.resolve("images");
        mountRoot = dir.resolve("mnt");
        loops = new LoopDevices(runner);
        fileVolumes = new FileVolumes(new ImageRoot(images), runner, loops, new Populator(runner, loops, mountRoot, Duration.ofMinutes(2)));
    }

    @Test
    void treeArrivesWithOwnersModesLinksAndDeviceNodes() throws Exception {
        Path source = Files.createDirectories(dir.resolve("template"));
        Files.createDirectories(source.resolve("etc"));
        Files.writeString(source.resolve("etc/hostname"), "vm1\n");
        Path secret = Files.writeString(source.resolve("etc/secret"), "owned by 1234");
        Files.setAttribute(secret, "unix:uid", 1234);
        Files.setAttribute(secret, "unix:gid", 1234);
        Files.setAttribute(secret, "unix:mode", 0600);
        Path home = Files.createDirectories(source.resolve("home/user"));
        Files.setAttribute(home, "unix:uid", 1234);
        Files.setAttribute(home, "unix:gid", 1234);
        Files.setAttribute(home, "unix:mode", 0750);
        Files.createDirectories(source.resolve("bin"));
        Files.write(source.resolve("bin/busybox"), new byte[1 << 20]);
        Files.setAttribute(source.resolve("bin/busybox"), "unix:mode", 0755);
        Files.createSymbolicLink(source.resolve("bin/sh"), Path.of("busybox"));
        Files.createSymbolicLink(source.resolve("etc/absolute"), Path.of("/etc/hostname"));
        Files.createLink(source.resolve("bin/hardlink"), source.resolve("bin/busybox"));
        Files.createDirectories(source.resolve("dev"));
        runner.run(java.util.List.of("mknod", source.resolve("dev/null").toString(), "c", "1", "3"));
        runner.run(java.util.List.of("mknod", source.resolve("dev/loop200").toString(), "b", "7", "200"));
        runner.run(java.util.List.of("mkfifo", source.resolve("dev/fifo").toString()));
        Files.createDirectories(source.resolve("empty"));
        Map<String, String> expected = describeTree(source);
        Path image = images.resolve("vm1disk");

        FileImage made = fileVolumes.create(CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), "h", Instant.now(), "vm1disk",
                64L << 20, Filesystem.EXT4, image.toString(), source.toString()));

        assertTrue(made.createdNow());
        assertTrue(loops.attachedTo(image).isEmpty() && loops.attachedTo(image.resolveSibling("vm1disk.partial")).isEmpty(),
                "the loop device is detached after populating");
        assertNoMountsUnder(mountRoot);
        assertEquals(0, listing(mountRoot), "the temporary mount point is removed");

        Map<String, String> copied = readBack(image);
        copied.remove("lost+found");
        assertEquals(expected, copied);
        assertEquals(15, copied.size(), "files, directories, links and nodes");
        assertTrue(copied.get("etc/secret").contains("uid=1234 gid=1234 mode=100600"), copied.get("etc/secret"));
        assertTrue(copied.get("dev/null").contains("rdev=259"), "char device 1:3 " + copied.get("dev/null"));
        assertTrue(copied.get("bin/sh").contains("-> busybox"), copied.get("bin/sh"));
    }

    @Test
    void copyThatDoesNotFitLeavesNoImageNoLoopDeviceAndNoMount() throws Exception {
        Path source = Files.createDirectories(dir.resolve("too-big"));
        try (var out = Files.newOutputStream(source.resolve("big"))) {
            byte[] chunk = new byte[1 << 20];
            new java.util.Random(1).nextBytes(chunk);
            for (int i = 0; i < 24; i++) {
                out.write(chunk);
            }
        }
        Path image = images.resolve("vm2disk");

        HostOperationException failed = assertThrows(HostOperationException.class, () -> fileVolumes.create(CreateVolume.file(
                UUID.randomUUID(), UUID.randomUUID(), "h", Instant.now(), "vm2disk", 16L << 20, Filesystem.EXT4, image.toString(),
                source.toString())));

        assertEquals(FailureReason.INSUFFICIENT_CAPACITY, failed.reason(), failed.getMessage());
        assertTrue(failed.getMessage().contains("No space left on device"), failed.getMessage());
        assertFalse(Files.exists(image));
        assertFalse(Files.exists(image.resolveSibling("vm2disk.partial")));
        assertTrue(loops.attached().stream().noneMatch(loop -> loop.backingFile().startsWith(images)), loops.attached().toString());
        assertNoMountsUnder(mountRoot);
        assertEquals(0, listing(mountRoot));
    }

    @Test
    void populateNeedsAFileSystemAndAnExistingDirectory() {
        Path image = images.resolve("vm3disk");

        HostOperationException noFilesystem = assertThrows(HostOperationException.class, () -> fileVolumes.create(CreateVolume.file(
                UUID.randomUUID(), UUID.randomUUID(), "h", Instant.now(), "vm3disk", 16L << 20, null, image.toString(), dir.toString())));
        HostOperationException noSource = assertThrows(HostOperationException.class, () -> fileVolumes.create(CreateVolume.file(
                UUID.randomUUID(), UUID.randomUUID(), "h", Instant.now(), "vm3disk", 16L << 20, Filesystem.EXT4, image.toString(),
                dir.resolve("absent").toString())));

        assertEquals(FailureReason.INVALID_ARGUMENT, noFilesystem.reason());
        assertEquals(FailureReason.NOT_FOUND, noSource.reason());
        assertFalse(Files.exists(image));
    }

    /** Mounts the image read-only through a loop device, describes its tree, and undoes both whatever happens. */
    private Map<String, String> readBack(Path image) throws IOException {
        Path mountPoint = Files.createDirectory(dir.resolve("check"));
        String device = runner.run(java.util.List.of("losetup", "-r", "-f", "--show", image.toString())).stdout().strip();
        try {
            runner.run(java.util.List.of("mount", "-o", "ro", device, mountPoint.toString()));
            try {
                return describeTree(mountPoint);
            } finally {
                runner.run(LoopCommands.unmount(mountPoint));
            }
        } finally {
            runner.run(LoopCommands.detach(device));
        }
    }

    /** Relative path → type, owner, mode, size, link target, device number and hard-link count of everything in a tree. */
    private static Map<String, String> describeTree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.filter(p -> !p.equals(root)).toList()) {
                Map<String, Object> a = Files.readAttributes(path, "unix:*", LinkOption.NOFOLLOW_LINKS);
                boolean link = Files.isSymbolicLink(path);
                boolean regular = Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS);
                tree.put(root.relativize(path).toString(), String.format("uid=%s gid=%s mode=%o nlink=%s size=%s rdev=%s%s",
                        a.get("uid"), a.get("gid"), a.get("mode"), a.get("nlink"), regular || link ? a.get("size") : "-", a.get("rdev"),
                        link ? " -> " + Files.readSymbolicLink(path) : ""));
            }
        }
        return tree;
    }

    private static void assertNoMountsUnder(Path dir) throws IOException {
        String mounts = Files.readString(Path.of("/proc/mounts"));
        assertFalse(mounts.contains(dir.toString()), mounts);
    }

    private static long listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.count();
        }
    }
}
