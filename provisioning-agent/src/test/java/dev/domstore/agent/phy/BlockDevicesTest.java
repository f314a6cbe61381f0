package dev.domstore.agent.phy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.common.messages.HostReport;
import dev.domstore.hostexec.LocalHostFiles;

/**
 * A directory tree laid out as sysfs lays out disks, partitions and device-mapper devices, with a
 * /proc/mounts text: which device, partition or holder is mounted read-write.
 */
class BlockDevicesTest {
    @TempDir
    Path root;
    private Path sys;
    private Path dev;
    private Path mounts;
    private BlockDevices devices;

    @BeforeEach
    void setUp() throws IOException {
        sys = root.resolve("sys");
        dev = Files.createDirectories(root.resolve("dev"));
        // sda: partition sda1 mounted rw on /, sda2 a PV under vg0-data (dm-0) mounted rw on /srv/data.
        disk("sda", 41943040);
        partition("sda", "sda1", 2097152);
        partition("sda", "sda2", 39843840);
        holder("sda/sda2", "dm-0");
        disk("dm-0", 8388608);
        Files.writeString(Files.createDirectories(sys.resolve("block/dm-0/dm")).resolve("name"), "vg0-data\n");
        // sdb: whole disk mounted read-only; sdc: not mounted; loop0 empty (size 0); ram0 skipped.
        disk("sdb", 2048);
        disk("sdc", 4096);
        disk("loop0", 0);
        disk("ram0", 8192);
        mounts = Files.writeString(root.resolve("mounts"), """
                /dev/sda1 / ext4 rw,relatime 0 0
                /dev/mapper/vg0-data /srv/data ext4 rw,noatime 0 0
                /dev/sdb /mnt/ro ext4 ro,relatime 0 0
                tmpfs /tmp tmpfs rw 0 0
                """);
        devices = new BlockDevices(LocalHostFiles.INSTANCE, sys, dev, mounts);
    }

    @Test
    void diskIsMountedReadWriteThroughAPartitionOrAHolder() {
        BlockDevices.DeviceState sda = devices.state("sda").orElseThrow();

        assertTrue(sda.mountedReadWrite());
        assertEquals(List.of("/", "/srv/data"), sda.mountPoints());
        assertEquals(41943040L * 512, sda.sizeBytes());
        assertEquals(List.of("dm-0"), sda.holders());
        assertEquals(List.of("/srv/data"), devices.state("sda2").orElseThrow().mountPoints());
        assertTrue(devices.state("sda2").orElseThrow().mountedReadWrite());
        assertEquals(List.of("/"), devices.state("sda1").orElseThrow().mountPoints());
        assertTrue(devices.state("dm-0").orElseThrow().mountedReadWrite(), "mounted as /dev/mapper/vg0-data");
    }

    @Test
    void readOnlyMountIsNotReadWrite() {
        BlockDevices.DeviceState sdb = devices.state("sdb").orElseThrow();

        assertFalse(sdb.mountedReadWrite());
        assertEquals(List.of("/mnt/ro"), sdb.mountPoints());
        assertTrue(sdb.inUseByDom0());
        BlockDevices.DeviceState sdc = devices.state("sdc").orElseThrow();
        assertFalse(sdc.mountedReadWrite());
        assertEquals(List.of(), sdc.mountPoints());
        assertFalse(sdc.inUseByDom0());
        assertEquals(Optional.empty(), devices.state("sdz"));
    }

    @Test
    void mountSourcesByLvmNameAndByLink() throws IOException {
        Files.writeString(mounts, "/dev/vg0/data /srv/data ext4 rw 0 0\n/dev/disk/by-label/backup /backup ext4 rw 0 0\n");
        Files.createDirectories(dev.resolve("disk/by-label"));
        Files.createFile(dev.resolve("sdc"));
        Files.createSymbolicLink(dev.resolve("disk/by-label/backup"), Path.of("../../sdc"));

        assertEquals(List.of("/srv/data"), devices.state("dm-0").orElseThrow().mountPoints());
        assertEquals(List.of("/backup"), devices.state("sdc").orElseThrow().mountPoints());
        assertEquals(Optional.of("dm-0"), devices.kernelNameOfDevicePath("/dev/mapper/vg0-data"));
        assertEquals(Optional.of("dm-0"), devices.kernelNameOfDevicePath("/dev/vg0/data"));
        assertEquals(Optional.of("sda1"), devices.kernelNameOfDevicePath("/dev/sda1"));
    }

    @Test
    void reportListsDisksAndPartitionsButNotEmptyOrRamDevices() {
        List<HostReport.BlockDevice> all = devices.all();

        assertEquals(List.of(dev + "/dm-0", dev + "/sda", dev + "/sda1", dev + "/sda2", dev + "/sdb", dev + "/sdc"),
                all.stream().map(HostReport.BlockDevice::path).toList());
        HostReport.BlockDevice sda = all.get(1);
        assertTrue(sda.mountedReadWrite());
        assertEquals(List.of("/", "/srv/data"), sda.mountPoints());
    }

    private void disk(String name, long sectors) throws IOException {
        Path dir = Files.createDirectories(sys.resolve("block").resolve(name));
        Files.writeString(dir.resolve("size"), sectors + "\n");
        Files.createDirectories(dir.resolve("holders"));
    }

    private void partition(String disk, String name, long sectors) throws IOException {
        Path dir = Files.createDirectories(sys.resolve("block").resolve(disk).resolve(name));
        Files.writeString(dir.resolve("size"), sectors + "\n");
        Files.writeString(dir.resolve("partition"), name.substring(disk.length()) + "\n");
        Files.createDirectories(dir.resolve("holders"));
    }

    private void holder(String device, String holder) throws IOException {
        Files.createDirectories(sys.resolve("block").resolve(device).resolve("holders").resolve(holder));
    }
}
