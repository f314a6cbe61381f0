package dev.domstore.agent.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.HostTests;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.hostexec.HostCommandRunner;

/** Real loop devices of this kernel, as root; every device attached here is detached again, also when an assertion fails. */
class LoopDevicesRealTest {
    private final HostCommandRunner runner = HostTests.runner();

    @TempDir
    Path dir;
    private Path images;
    private LoopDevices loops;

    @BeforeEach
    void setUp() throws Exception {
        HostTests.assumeRoot(LoopDevicesRealTest.class, "losetup and mount");
        images = Files.createDirectories(dir.resolve("images"));
        loops = new LoopDevices(Path.of("/sys"), Path.of("/dev"), new BlockDevices(), images, DomainDisks.NONE);
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

    private boolean isLeaked(String device) {
        return loops.leaked().stream().anyMatch(l -> l.loop().device().equals(Path.of(device)));
    }
}
