package dev.domstore.agent.file;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory tree stands in for /sys and /dev, laid out as the kernel lays them out. */
class LoopDevicesTest {
    @TempDir
    Path root;
    private Path sys;
    private Path dev;
    private LoopDevices loopDevices;

    @BeforeEach
    void setUp() throws IOException {
        sys = Files.createDirectories(root.resolve("sys"));
        dev = Files.createDirectories(root.resolve("dev"));
        Files.createDirectories(sys.resolve("block"));
        loopDevices = new LoopDevices(sys, dev);
    }

    @Test
    void attachedDevicesAreThoseWithABackingFileInDeviceOrder() throws IOException {
        attach("loop10", "/var/lib/domstore/images/vm2disk\n");
        attach("loop2", "/var/lib/domstore/images/vm1disk\n");
        Files.createDirectories(sys.resolve("block/loop0"));
        Files.createDirectories(sys.resolve("block/vda"));

        assertEquals(List.of(
                        new LoopDevice(dev.resolve("loop2"), Path.of("/var/lib/domstore/images/vm1disk")),
                        new LoopDevice(dev.resolve("loop10"), Path.of("/var/lib/domstore/images/vm2disk"))),
                loopDevices.attached());
    }

    @Test
    void deviceOfAnImageIsFoundByItsExactPath() throws IOException {
        attach("loop3", "/var/lib/domstore/images/vm1disk\n");
        attach("loop4", "/var/lib/domstore/images/old (deleted)\n");

        assertEquals(Optional.of(dev.resolve("loop3")),
                loopDevices.attachedTo(Path.of("/var/lib/domstore/images/vm1disk")).map(LoopDevice::device));
        assertEquals(Optional.empty(), loopDevices.attachedTo(Path.of("/var/lib/domstore/images/vm1")));
        assertEquals(Optional.empty(), loopDevices.attachedTo(Path.of("/var/lib/domstore/images/old")));
    }

    @Test
    void noBlockDirectoryMeansNothingAttached() {
        assertEquals(List.of(), new LoopDevices(root.resolve("absent"), dev).attached());
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
        assertEquals(Optional.of(Path.of("/img/a b")), LoopDevices.parseBackingFile("/img/a b\n"));
        assertEquals(Optional.empty(), LoopDevices.parseBackingFile("\n"));
        assertEquals(OptionalInt.of(16), LoopDevices.parseMaxLoop("16\n"));
        assertEquals(OptionalInt.empty(), LoopDevices.parseMaxLoop("0\n"));
        assertEquals(OptionalInt.empty(), LoopDevices.parseMaxLoop("x"));
        assertEquals(2, LoopDevices.countLoopNodes(List.of("loop0", "loop7", "loop-control", "loop", "sda")));
    }

    private void attach(String device, String backingFile) throws IOException {
        Path loopDir = Files.createDirectories(sys.resolve("block").resolve(device).resolve("loop"));
        Files.writeString(loopDir.resolve("backing_file"), backingFile);
    }

    private void maxLoop(String content) throws IOException {
        Path parameters = Files.createDirectories(sys.resolve("module/loop/parameters"));
        Files.writeString(parameters.resolve("max_loop"), content);
    }
}
