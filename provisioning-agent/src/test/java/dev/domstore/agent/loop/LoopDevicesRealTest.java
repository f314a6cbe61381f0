package dev.domstore.agent.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.HostTests;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.testsupport.Prerequisites;

/**
 * Real loop devices of this kernel, as root; every device attached here is detached again, also when
 * an assertion fails. The agent lists attached devices with one losetup command; each test also
 * checks that this says what reading every device's sysfs {@code backing_file} says.
 */
class LoopDevicesRealTest {
    private final HostCommandRunner runner = HostTests.runner();

    @TempDir
    Path dir;
    private Path images;
    private LoopDevices loops;
    /** The same devices, read file by file from sysfs. */
    private LoopDevices fromSysfs;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireLoopDevices(LoopDevicesRealTest.class, "losetup and mount");
        images = Files.createDirectories(dir.resolve("images"));
        loops = new LoopDevices(runner, new BlockDevices(runner.files()), images, DomainDisks.NONE);
        fromSysfs = new LoopDevices(LocalHostFiles.INSTANCE, Path.of("/sys"), Path.of("/dev"), new BlockDevices(LocalHostFiles.INSTANCE),
                images, DomainDisks.NONE);
    }

    @Test
    void attachedImageIsSeenAndGoneOnceDetached() throws Exception {
        Path image = images.resolve("vm1disk");
        runner.run(List.of("truncate", "-s", "16M", image.toString()));
        String device = runner.run(LoopCommands.attach(image)).stdout().strip();
        try {
            LoopDevice attached = loops.attachedTo(image).orElseThrow();
            assertEquals(Path.of(device), attached.device());
            assertFalse(attached.backingFileDeleted());
            assertTrue(loops.attached().contains(attached));
            assertTrue(loops.limit() >= 1);
            assertEquals(fromSysfs.attached(), loops.attached());
        } finally {
            runner.run(LoopCommands.detach(device));
        }
        assertTrue(loops.attachedTo(image).isEmpty());
    }

    @Test
    void deletedBackingFileShowsAsLeaked() throws Exception {
        Path image = images.resolve("vm2disk");
        runner.run(List.of("truncate", "-s", "16M", image.toString()));
        String device = runner.run(LoopCommands.attach(image)).stdout().strip();
        try {
            Files.delete(image);

            LoopDevice gone = loops.attached().stream().filter(loop -> loop.device().equals(Path.of(device))).findFirst().orElseThrow();
            assertTrue(gone.backingFileDeleted(), gone.toString());
            assertEquals(image, gone.backingFile());
            assertTrue(loops.attachedTo(image).isEmpty(), "a deleted file is not the image at that path");
            LoopDevices.Leak leak = loops.leaked().stream().filter(l -> l.loop().device().equals(Path.of(device))).findFirst().orElseThrow();
            assertTrue(leak.reason().contains("was deleted while attached"), leak.reason());
            assertEquals(fromSysfs.attached(), loops.attached());
        } finally {
            runner.run(LoopCommands.detach(device));
        }
        assertTrue(loops.leaked().stream().noneMatch(l -> l.loop().device().equals(Path.of(device))));
    }

    @Test
    void idleDomstoreImageIsLeakedUntilMounted() throws Exception {
        Path image = images.resolve("vm3disk");
        runner.run(List.of("truncate", "-s", "16M", image.toString()));
        runner.run(List.of("mkfs", "-t", "ext4", "-F", "-q", image.toString()));
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        String device = runner.run(LoopCommands.attach(image)).stdout().strip();
        try {
            assertTrue(isLeaked(device), "attached, not mounted, no domain: leaked");
            runner.run(List.of("mount", device, mountPoint.toString()));
            try {
                assertFalse(isLeaked(device), "mounted in dom0: in use");
            } finally {
                runner.run(List.of("umount", mountPoint.toString()));
            }
            loops.hold(image);
            assertFalse(isLeaked(device), "held by the agent while it populates");
            loops.release(image);
        } finally {
            runner.run(LoopCommands.detach(device));
        }
    }

    @Test
    void losetupAndSysfsAgreeOnAwkwardNames() throws Exception {
        List<Path> files = List.of(images.resolve("with space"), images.resolve("back\\slash"), images.resolve("new\nline"),
                images.resolve("\u00fcn\u00ef"), images.resolve("x".repeat(100)), images.resolve("ends (deleted)"), images.resolve("gone"));
        List<String> devices = new ArrayList<>();
        try {
            for (Path file : files) {
                runner.run(List.of("truncate", "-s", "1M", file.toString()));
                devices.add(runner.run(LoopCommands.attach(file)).stdout().strip());
            }
            Files.delete(images.resolve("gone"));

            List<LoopDevice> listed = loops.attached();
            assertEquals(fromSysfs.attached(), listed);
            for (int i = 0; i < files.size() - 1; i++) {
                Path device = Path.of(devices.get(i));
                LoopDevice found = listed.stream().filter(loop -> loop.device().equals(device)).findFirst().orElseThrow();
                if (files.get(i).getFileName().toString().endsWith(" (deleted)")) {
                    // The kernel's suffix cannot be told from a name that ends so: both readings take it for a deleted file.
                    assertEquals(new LoopDevice(device, images.resolve("ends"), true), found);
                } else {
                    assertEquals(new LoopDevice(device, files.get(i), false), found);
                }
            }
            assertTrue(listed.contains(new LoopDevice(Path.of(devices.get(devices.size() - 1)), images.resolve("gone"), true)), listed.toString());
        } finally {
            for (String device : devices) {
                runner.run(LoopCommands.detach(device));
            }
        }
    }

    private boolean isLeaked(String device) {
        return loops.leaked().stream().anyMatch(l -> l.loop().device().equals(Path.of(device)));
    }
}
