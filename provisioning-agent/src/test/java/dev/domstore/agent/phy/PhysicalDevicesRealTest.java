package dev.domstore.agent.phy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.HostTests;
import dev.domstore.common.FailureReason;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.testsupport.Prerequisites;

/** PHYSICAL volumes on this kernel: a loop-mounted image stands in for a disk of dom0. */
class PhysicalDevicesRealTest {
    private final HostCommandRunner runner = HostTests.runner();
    private final PhysicalDevices physical = new PhysicalDevices(runner, new BlockDevices(runner.files()), Path.of("/sys"));

    @TempDir
    Path dir;

    @BeforeEach
    void needsRoot() {
        Prerequisites.requireLoopDevices(PhysicalDevicesRealTest.class, "losetup and mount");
    }

    @Test
    void loopMountedImageIsReadWriteUntilRemountedReadOnly() throws Exception {
        Path image = dir.resolve("disk.img");
        runner.run(List.of("truncate", "-s", "32M", image.toString()));
        runner.run(List.of("mkfs", "-t", "ext4", "-F", "-q", image.toString()));
        Path mountPoint = Files.createDirectory(dir.resolve("mnt"));
        Path link = dir.resolve("by-name");
        String device = runner.run(List.of("losetup", "-f", "--show", image.toString())).stdout().strip();
        try {
            Files.createSymbolicLink(link, Path.of(device));
            PhysicalDevice unmounted = physical.describe(link.toString());
            assertEquals(device, unmounted.canonicalPath(), "the link is resolved to the kernel's device");
            assertEquals(32L << 20, unmounted.sizeBytes());
            assertFalse(unmounted.mountedReadWrite());
            assertEquals(List.of(), unmounted.mountPoints());

            runner.run(List.of("mount", device, mountPoint.toString()));
            try {
                PhysicalDevice readWrite = physical.describe(device);
                assertTrue(readWrite.mountedReadWrite(), readWrite.toString());
                assertEquals(List.of(mountPoint.toString()), readWrite.mountPoints());

                runner.run(List.of("mount", "-o", "remount,ro", mountPoint.toString()));
                PhysicalDevice readOnly = physical.describe(device);
                assertFalse(readOnly.mountedReadWrite(), readOnly.toString());
                assertEquals(List.of(mountPoint.toString()), readOnly.mountPoints());
            } finally {
                runner.run(List.of("umount", mountPoint.toString()));
            }
        } finally {
            runner.run(List.of("losetup", "-d", device));
        }
    }

    @Test
    void somethingThatIsNotABlockDeviceIsRefused() throws Exception {
        Path file = Files.writeString(dir.resolve("plain"), "not a disk");

        HostOperationException regular = assertThrows(HostOperationException.class, () -> physical.describe(file.toString()));
        assertEquals(FailureReason.INVALID_ARGUMENT, regular.reason());
        assertTrue(regular.getMessage().contains("regular file, not a block device"), regular.getMessage());
        HostOperationException character = assertThrows(HostOperationException.class, () -> physical.describe("/dev/null"));
        assertTrue(character.getMessage().contains("character device"), character.getMessage());
        HostOperationException missing = assertThrows(HostOperationException.class, () -> physical.describe("/dev/domstore-no-such-disk"));
        assertEquals(FailureReason.NOT_FOUND, missing.reason());
        assertEquals(FailureReason.INVALID_ARGUMENT, assertThrows(HostOperationException.class, () -> physical.describe("sda1")).reason());
    }

    @Test
    void fileTypesAsStatNamesThem() {
        assertEquals(List.of("stat", "-L", "-c", "%F", "/dev/null"), PhysicalDevices.fileTypeOf(Path.of("/dev/null")));
        assertEquals("regular file", PhysicalDevices.describeFileType("regular empty file\n"));
        assertEquals("regular file", PhysicalDevices.describeFileType("regular file\n"));
        assertEquals("character device", PhysicalDevices.describeFileType("character special file\n"));
        assertEquals("directory", PhysicalDevices.describeFileType("directory\n"));
        assertEquals("FIFO", PhysicalDevices.describeFileType("fifo\n"));
        assertEquals("socket", PhysicalDevices.describeFileType("socket\n"));
    }
}
