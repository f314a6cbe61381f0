package dev.domstore.inventory.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The storage lines of a domain's configuration file, written exactly as the Xen manual writes
 * them: {@code disk = ['phy:hda3,sda1,w', 'file:/full/path/to/vm1disk,sda2,r']}.
 */
public final class XenConfig {

    /** One entry of the disk list: the volume's Xen disk spec, the device the domain sees, and r or w. */
    public record Disk(String spec, String vdev, AccessMode mode) {
        String line() {
            return spec + "," + vdev + "," + mode.letter();
        }
    }

    private XenConfig() {
    }

    public static List<String> lines(List<Disk> disks) {
        List<String> lines = new ArrayList<>();
        if (!disks.isEmpty()) {
            lines.add("disk = [" + disks.stream().map(disk -> "'" + disk.line() + "'").collect(Collectors.joining(", ")) + "]");
        }
        return lines;
    }

    public static String render(List<Disk> disks) {
        return lines(disks).stream().map(line -> line + "\n").collect(Collectors.joining());
    }
}
