package dev.domstore.agent.phy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class MountsTest {

    @Test
    void linesOfProcMountsAsThisMachineHasThem() {
        // The first lines of this build machine's /proc/mounts, plus a loop-mounted image with a space in its mount point.
        List<Mount> mounts = Mounts.parse("""
                proc /proc proc rw,relatime 0 0
                /dev/vda / ext4 rw,relatime,discard,resv_strict,resuid=65534,resgid=65534 0 0
                model_tools_unavailable /mnt/sandboxing/model_tools_env/v1/python tmpfs ro,nosuid,nodev,relatime,size=4k,mode=755 0 0
                /dev/loop3 /mnt/with\\040space ext4 ro,relatime 0 0
                /dev/mapper/vg0-data /srv/data ext4 rw,noatime 0 0

                garbage
                """);

        assertEquals(5, mounts.size());
        assertEquals(new Mount("/dev/vda", "/", "ext4", List.of("rw", "relatime", "discard", "resv_strict", "resuid=65534", "resgid=65534")),
                mounts.get(1));
        assertTrue(mounts.get(1).readWrite());
        assertFalse(mounts.get(2).readWrite());
        assertEquals("/mnt/with space", mounts.get(3).mountPoint());
        assertFalse(mounts.get(3).readWrite());
        assertEquals("/dev/mapper/vg0-data", mounts.get(4).source());
    }

    @Test
    void octalEscapes() {
        assertEquals("a b\tc\\d", Mounts.unescape("a\\040b\\011c\\134d"));
        assertEquals("no\\escape\\9", Mounts.unescape("no\\escape\\9"));
    }
}
