package dev.domstore.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The disk lines as the manual's storage chapter writes them. */
class XenConfigTest {

    @Test
    void aPhysicalPartitionExportedReadWrite() {
        assertEquals("disk = ['phy:hda3,sda1,w']\n",
                XenConfig.of(List.of(new XenConfig.Disk("phy:hda3", "sda1", AccessMode.READ_WRITE))).text());
    }

    @Test
    void anLvmVolumeOfAVolumeGroup() {
        assertEquals("disk = ['phy:vg/lvm1,sda2,w']\n",
                XenConfig.of(List.of(new XenConfig.Disk("phy:vg/lvm1", "sda2", AccessMode.READ_WRITE))).text());
    }

    @Test
    void aFileBackedImage() {
        assertEquals("disk = ['file:/full/path/to/vm1disk,sda1,w']\n",
                XenConfig.of(List.of(new XenConfig.Disk("file:/full/path/to/vm1disk", "sda1", AccessMode.READ_WRITE))).text());
    }

    @Test
    void severalDisksInOneList() {
        assertEquals("disk = ['phy:vg/myvmdisk1,sda1,w', 'file:/var/lib/domstore/images/vm1disk,sda2,r']\n",
                XenConfig.of(List.of(
                        new XenConfig.Disk("phy:vg/myvmdisk1", "sda1", AccessMode.READ_WRITE),
                        new XenConfig.Disk("file:/var/lib/domstore/images/vm1disk", "sda2", AccessMode.READ_ONLY))).text());
    }

    @Test
    void noDisksNoLine() {
        assertEquals("", XenConfig.of(List.of()).text());
    }

    @Test
    void anNfsRootWithAStaticAddress() {
        assertEquals("""
                root = '/dev/nfs'
                nfs_server = '2.3.4.5'
                nfs_root = '/path/to/root'
                ip = '1.2.3.10'
                netmask = '255.255.255.0'
                gateway = '1.2.3.1'
                hostname = 'vm1'
                """, new XenConfig(List.of(), new XenConfig.NfsRoot("2.3.4.5", "/path/to/root", "1.2.3.10", "255.255.255.0", "1.2.3.1", "vm1")).text());
    }

    @Test
    void anNfsRootOverDhcpBesideADisk() {
        assertEquals("""
                disk = ['phy:vg/swap1,sda2,w']
                root = '/dev/nfs'
                nfs_server = '2.3.4.5'
                nfs_root = '/export/vm1root'
                dhcp = 'dhcp'
                """, new XenConfig(List.of(new XenConfig.Disk("phy:vg/swap1", "sda2", AccessMode.READ_WRITE)),
                new XenConfig.NfsRoot("2.3.4.5", "/export/vm1root", null, null, null, null)).text());
    }
}
