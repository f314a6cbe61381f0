package dev.domstore.agent.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.hostexec.LocalHostFiles;

/** A directory tree stands in for /sys, /dev and /proc/mounts, laid out as the kernel lays them out. */
class LoopDevicesTest {
    private static final Path IMAGES = Path.of("/var/lib/domstore/images");

    @TempDir
    Path root;
    private Path sys;
    private Path dev;
    private Path mounts;
    private LoopDevices loopDevices;

    @BeforeEach
    void setUp() throws IOException {
        sys = Files.createDirectories(root.resolve("sys"));
        dev = Files.createDirectories(root.resolve("dev"));
        mounts = Files.writeString(root.resolve("mounts"), "/dev/vda / ext4 rw,relatime 0 0\n");
        Files.createDirectories(sys.resolve("block"));
        loopDevices = new LoopDevices(LocalHostFiles.INSTANCE, sys, dev);
    }

    @Test
    void attachedDevicesAreThoseWithABackingFileInDeviceOrder() throws IOException {
        attach("loop10", "/var/lib/domstore/images/vm2disk\n");
        attach("loop2", "/var/lib/domstore/images/vm1disk\n");
        Files.createDirectories(sys.resolve("block/loop0"));
        Files.createDirectories(sys.resolve("block/vda"));

        assertEquals(List.of(
                        new LoopDevice(dev.resolve("loop2"), Path.of("/var/lib/domstore/images/vm1disk"), false),
                        new LoopDevice(dev.resolve("loop10"), Path.of("/var/lib/domstore/images/vm2disk"), false)),
                loopDevices.attached());
    }

    @Test
    void deviceOfAnImageIsFoundByItsExactPath() throws IOException {
        attach("loop3", "/var/lib/domstore/images/vm1disk\n");
        attach("loop4", "/var/lib/domstore/images/old (deleted)\n");

        assertEquals(Optional.of(dev.resolve("loop3")),
                loopDevices.attachedTo(Path.of("/var/lib/domstore/images/vm1disk")).map(LoopDevice::device));
        assertEquals(Optional.empty(), loopDevices.attachedTo(Path.of("/var/lib/domstore/images/vm1")));
        assertEquals(Optional.empty(), loopDevices.attachedTo(Path.of("/var/lib/domstore/images/old")),
                "a deleted file is not the image now at that path");
        assertEquals(new LoopDevice(dev.resolve("loop4"), Path.of("/var/lib/domstore/images/old"), true), loopDevices.attached().get(1));
    }

    @Test
    void leakedAreDeletedBackingFilesAndIdleDomstoreImages() throws IOException {
        attach("loop0", "/var/lib/domstore/images/gone (deleted)\n");
        attach("loop1", "/var/lib/domstore/images/idle\n");
        attach("loop2", "/var/lib/domstore/images/mounted\n");
        attach("loop3", "/var/lib/domstore/images/in-a-domain\n");
        attach("loop4", "/srv/not-domstores\n");
        attach("loop5", "/var/lib/domstore/images/being-populated.partial\n");
        attach("loop6", "/var/lib/domstore/images/under-an-lv\n");
        Files.createDirectories(sys.resolve("block/loop6/holders/dm-0"));
        Files.writeString(mounts, "/dev/vda / ext4 rw 0 0\n/dev/loop2 /mnt/x ext4 ro,relatime 0 0\n");
        DomainDisks xen = () -> Set.of("/var/lib/domstore/images/in-a-domain");
        LoopDevices withImageRoot = new LoopDevices(LocalHostFiles.INSTANCE, sys, dev, new BlockDevices(LocalHostFiles.INSTANCE, sys, dev, mounts), IMAGES, xen);
        withImageRoot.hold(Path.of("/var/lib/domstore/images/being-populated.partial"));

        List<LoopDevices.Leak> leaks = withImageRoot.leaked();

        assertEquals(List.of(dev.resolve("loop0"), dev.resolve("loop1")), leaks.stream().map(leak -> leak.loop().device()).toList());
        assertEquals(true, leaks.get(0).loop().backingFileDeleted());
        assertEquals(true, leaks.get(0).reason().contains("was deleted while attached"), leaks.get(0).reason());
        assertEquals(true, leaks.get(1).reason().contains("used by no domain"), leaks.get(1).reason());

        withImageRoot.release(Path.of("/var/lib/domstore/images/being-populated.partial"));
        assertEquals(3, withImageRoot.leaked().size(), "no longer being populated: idle");
    }

    @Test
    void withoutAnImageRootOnlyDeletedBackingFilesAreLeaks() throws IOException {
        attach("loop0", "/var/lib/domstore/images/gone (deleted)\n");
        attach("loop1", "/var/lib/domstore/images/idle\n");

        assertEquals(List.of(dev.resolve("loop0")), loopDevices.leaked().stream().map(leak -> leak.loop().device()).toList());
    }

    @Test
    void noBlockDirectoryMeansNothingAttached() {
        assertEquals(List.of(), new LoopDevices(LocalHostFiles.INSTANCE, root.resolve("absent"), dev).attached());
    }

    @Test
    void limitIsMaxLoopWhenSet() throws IOException {
        maxLoop("8\n");

        assertEquals(8, loopDevices.limit());
    }

    @Test
    void limitCountsDeviceNodesWhenMaxLoopIsZero() throws IOException {
        maxLoop("0\n");
        for (String node : List.of("loop0", "loop1", "loop2", "loop11", "loop-control", "loopback", "vda")) {
            Files.createFile(dev.resolve(node));
        }

        assertEquals(4, loopDevices.limit());
    }

    @Test
    void limitCountsDeviceNodesWhenMaxLoopIsMissing() throws IOException {
        Files.createFile(dev.resolve("loop0"));

        assertEquals(1, loopDevices.limit());
    }

    @Test
    void parsesSysfsContent() {
        assertEquals(Optional.of(new LoopDevices.BackingFile(Path.of("/img/a b"), false)), LoopDevices.parseBackingFile("/img/a b\n"));
        assertEquals(Optional.of(new LoopDevices.BackingFile(Path.of("/img/a b"), true)),
                LoopDevices.parseBackingFile("/img/a b (deleted)\n"));
        assertEquals(Optional.empty(), LoopDevices.parseBackingFile("\n"));
        assertEquals(OptionalInt.of(16), LoopDevices.parseMaxLoop("16\n"));
        assertEquals(OptionalInt.empty(), LoopDevices.parseMaxLoop("0\n"));
        assertEquals(OptionalInt.empty(), LoopDevices.parseMaxLoop("x"));
        assertEquals(2, LoopDevices.countLoopNodes(List.of("loop0", "loop7", "loop-control", "loop", "sda")));
    }

    @Test
    void xenstoreBackendsNameTheFilesAndDevicesDomainsUse() {
        // The layout of xenstore-ls -f for a file-backed and an LV-backed disk (not captured on a real dom0: verified in the lab).
        String output = """
                /local/domain/0/backend/vbd/3/51713/frontend = "/local/domain/3/device/vbd/51713"
                /local/domain/0/backend/vbd/3/51713/params = "/var/lib/domstore/images/vm1disk"
                /local/domain/0/backend/vbd/3/51713/node = "/dev/loop0"
                /local/domain/0/backend/vbd/3/51713/physical-device = "7:0"
                /local/domain/0/backend/vbd/3/51714/params = "/dev/vg0/myvmdisk1"
                /local/domain/0/backend/qdisk/4/51712/params = "aio:/var/lib/domstore/images/vm2disk"
                /local/domain/0/backend/vbd/5/51712/params = ""
                """;

        assertEquals(Set.of("/var/lib/domstore/images/vm1disk", "/dev/loop0", "/dev/vg0/myvmdisk1", "/var/lib/domstore/images/vm2disk"),
                XenStoreDomainDisks.parse(output));
    }

    private void attach(String device, String backingFile) throws IOException {
        Path loopDir = Files.createDirectories(sys.resolve("block").resolve(device).resolve("loop"));
        Files.writeString(loopDir.resolve("backing_file"), backingFile);
        Files.writeString(sys.resolve("block").resolve(device).resolve("size"), "131072\n");
    }

    private void maxLoop(String content) throws IOException {
        Path parameters = Files.createDirectories(sys.resolve("module/loop/parameters"));
        Files.writeString(parameters.resolve("max_loop"), content);
    }
}
