package dev.domstore.agent.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.common.Filesystem;

/** Exact argv, in both modes. */
class LvmCommandsTest {
    private static final UUID VOLUME = UUID.fromString("6f1c2a9e-1d1b-4a53-9b0e-2f1f4f7d2c11");
    private static final String TAG = "domstore_volume_6f1c2a9e-1d1b-4a53-9b0e-2f1f4f7d2c11";
    private final LvmCommands lvm = new LvmCommands(false);
    private final LvmCommands metadataOnly = new LvmCommands(true);

    @Test
    void lvcreateTagsTheVolumeAsDomstores() {
        assertEquals(List.of("lvcreate", "-n", "myvmdisk1", "-L", "2147483648b", "-W", "y", "-y",
                "--addtag", "domstore", "--addtag", TAG, "vg0"), lvm.lvcreate("vg0", "myvmdisk1", 2L << 30, VOLUME));
    }

    @Test
    void lvcreateInMetadataOnlyModeNeitherActivatesNorZeroes() {
        assertEquals(List.of("lvcreate", "--driverloaded", "n", "-an", "-Zn", "-n", "myvmdisk1", "-L", "2147483648b", "-W", "y", "-y",
                "--addtag", "domstore", "--addtag", TAG, "vg0"), metadataOnly.lvcreate("vg0", "myvmdisk1", 2L << 30, VOLUME));
    }

    @Test
    void snapshotNamesItsOriginAsVgSlashLv() {
        assertEquals(List.of("lvcreate", "-s", "-L", "1073741824b", "-n", "myclonedisk1", "--addtag", "domstore", "--addtag", TAG,
                "vg/myvmdisk1"), lvm.snapshot("vg", "myvmdisk1", "myclonedisk1", 1L << 30, VOLUME));
        assertEquals(List.of("lvcreate", "--driverloaded", "n", "-s", "-L", "8388608b", "-n", "snap1", "--addtag", "domstore",
                "--addtag", TAG, "vg0/data"), metadataOnly.snapshot("vg0", "data", "snap1", 8L << 20, VOLUME));
    }

    @Test
    void lvextendAndLvremove() {
        assertEquals(List.of("lvextend", "-L", "4294967296b", "vg/myvmdisk1"), lvm.lvextend("vg", "myvmdisk1", 4L << 30));
        assertEquals(List.of("lvextend", "--driverloaded", "n", "-L", "4294967296b", "vg/myvmdisk1"),
                metadataOnly.lvextend("vg", "myvmdisk1", 4L << 30));
        assertEquals(List.of("lvremove", "-f", "vg/myvmdisk1"), lvm.lvremove("vg", "myvmdisk1"));
        assertEquals(List.of("lvremove", "--driverloaded", "n", "-f", "vg/myvmdisk1"), metadataOnly.lvremove("vg", "myvmdisk1"));
    }

    @Test
    void queriesAskForJsonInBytesWithExplicitFields() {
        String lvFields = "lv_name,vg_name,lv_attr,lv_size,origin,origin_size,data_percent,lv_tags,lv_snapshot_invalid";
        assertEquals(List.of("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", lvFields + ",vg_size,vg_free,vg_extent_size", "vg0"),
                lvm.lvs("vg0"));
        assertEquals(List.of("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", lvFields), lvm.lvsAll());
        assertEquals(List.of("lvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", lvFields, "-S", "lv_attr=~^[sS]"),
                lvm.snapshots());
        assertEquals(List.of("vgs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", "vg_name,vg_size,vg_free,vg_extent_size"),
                lvm.vgs());
        assertEquals(List.of("vgs", "--driverloaded", "n", "--reportformat", "json", "--units", "b", "--nosuffix", "-o",
                "vg_name,vg_size,vg_free,vg_extent_size", "vg0"), metadataOnly.vgs("vg0"));
        assertEquals(List.of("pvs", "--reportformat", "json", "--units", "b", "--nosuffix", "-o", "pv_name,vg_name,pv_size,pv_free"),
                lvm.pvs());
    }

    @Test
    void mkfsAndDevicePath() {
        assertEquals(List.of("mkfs", "-t", "ext4", "-q", "/dev/vg/myvmdisk1"), LvmCommands.mkfs(Filesystem.EXT4, "/dev/vg/myvmdisk1"));
        assertEquals("/dev/vg/myvmdisk1", LvmCommands.devicePath("vg", "myvmdisk1"));
    }

    @Test
    void dmsetupEventsAndWait() {
        assertEquals(List.of("dmsetup", "info", "-c", "--noheadings", "-o", "events", "vg0-snap2"), Dmsetup.eventNumber("vg0-snap2"));
        assertEquals(List.of("dmsetup", "wait", "vg0-snap2", "1"), Dmsetup.waitForEvent("vg0-snap2", 1));
    }
}
