package dev.domstore.common.validation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"vm1disk", "VM1", "a", "disk-1.img", "root_fs+2", "0disk"})
    void acceptsImageFileNames(String name) {
        assertEquals(name, Names.requireFileName("name", name));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "../etc/passwd", "a/b", "/abs", "-rf", ".hidden", "with space", "tab\tname", "new\nline",
            "semi;colon", "dollar$", "star*", "quote'", "uni\u00e9", "disk.partial", "_leading"})
    void refusesBadImageFileNames(String name) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Names.requireFileName("name", name));
        assertEquals(InvalidInputException.Kind.NAME, e.kind());
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongImageFileNames() {
        assertEquals("a".repeat(128), Names.requireFileName("name", "a".repeat(128)));
        assertThrows(InvalidInputException.class, () -> Names.requireFileName("name", "a".repeat(129)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"myvmdisk1", "lvm1", "_x", "a.b", "a+b", "a-b", "vg0", "my_clone"})
    void acceptsLvmNames(String name) {
        assertEquals(name, Names.requireLvmName("name", name));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "-lv", "a/b", "a b", "snapshot1", "pvmove0", "data_tdata", "x_tmeta", "y_rimage_0", "z_mlog",
            "c_cdata", "c_cmeta", "c_corig", "v_vorigin", "p_pmspare", "r_rmeta", "m_mimage", "d_vdata", "caf\u00e9"})
    void refusesWhatLvmRefuses(String name) {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Names.requireLvmName("name", name));
        assertEquals(InvalidInputException.Kind.NAME, e.kind());
    }

    @org.junit.jupiter.api.Test
    void lvmNamesAreAtMost127Characters() {
        assertEquals("a".repeat(127), Names.requireLvmName("name", "a".repeat(127)));
        assertThrows(InvalidInputException.class, () -> Names.requireLvmName("name", "a".repeat(128)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"vm1", "web-01.prod", "a", "Domain_2"})
    void acceptsDomainNames(String name) {
        assertEquals(name, Names.requireDomainName("domain", name));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-vm", "vm 1", "vm/1", "../vm", ".vm", "vm;rm", "a234567890123456789012345678901234567890123456789012345678901234x"})
    void refusesBadDomainNames(String name) {
        assertThrows(InvalidInputException.class, () -> Names.requireDomainName("domain", name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"sda1", "hda", "xvda", "sdb5", "xvdaa", "hdc12"})
    void acceptsVirtualDevices(String vdev) {
        assertEquals(vdev, Names.requireVirtualDevice("vdev", vdev));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"sda0", "sd", "vda", "sda123", "SDA1", "xvd1", "/dev/sda1", "sda1,w", "hda 1"})
    void refusesBadVirtualDevices(String vdev) {
        assertThrows(InvalidInputException.class, () -> Names.requireVirtualDevice("vdev", vdev));
    }
}
