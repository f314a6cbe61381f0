package dev.domstore.inventory.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The storage lines of a domain's configuration file, written exactly as the Xen manual writes
 * them: {@code disk = ['phy:hda3,sda1,w', 'file:/full/path/to/vm1disk,sda2,r']}, and for an NFS
 * root {@code root = '/dev/nfs'}, {@code nfs_server}, {@code nfs_root} with either a static
 * {@code ip}/{@code netmask}/{@code gateway}/{@code hostname} or {@code dhcp = 'dhcp'}.
 */
public record XenConfig(List<Disk> disks, NfsRoot nfsRoot) {

    /** The disk lines alone. */
    public static XenConfig of(List<Disk> disks) {
        return new XenConfig(disks, null);
    }

    /** One entry of the disk list: the volume's Xen disk spec, the device the domain sees, and r or w. */
    public record Disk(String spec, String vdev, AccessMode mode) {
        String line() {
            return spec + "," + vdev + "," + mode.letter();
        }
    }

    /** A root file system over NFS, and the network the domain has at boot to reach it: static, or DHCP when {@code ip} is null. */
    public record NfsRoot(String server, String root, String ip, String netmask, String gateway, String hostname) {
    }

    public XenConfig {
        disks = List.copyOf(disks);
    }

    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        if (!disks.isEmpty()) {
            lines.add("disk = [" + disks.stream().map(disk -> "'" + disk.line() + "'").collect(Collectors.joining(", ")) + "]");
        }
        if (nfsRoot != null) {
            lines.add("root = '/dev/nfs'");
            lines.add("nfs_server = '" + nfsRoot.server() + "'");
            lines.add("nfs_root = '" + nfsRoot.root() + "'");
            if (nfsRoot.ip() == null) {
                lines.add("dhcp = 'dhcp'");
            } else {
                lines.add("ip = '" + nfsRoot.ip() + "'");
                addIfPresent(lines, "netmask", nfsRoot.netmask());
                addIfPresent(lines, "gateway", nfsRoot.gateway());
                addIfPresent(lines, "hostname", nfsRoot.hostname());
            }
        }
        return lines;
    }

    /** The lines as the configuration file has them, each ended by a newline. */
    public String text() {
        return lines().stream().map(line -> line + "\n").collect(Collectors.joining());
    }

    private static void addIfPresent(List<String> lines, String key, String value) {
        if (value != null) {
            lines.add(key + " = '" + value + "'");
        }
    }
}
