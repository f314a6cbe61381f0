package dev.domstore.agent.lvm;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.domstore.common.Filesystem;

/**
 * The LVM commands behind LVM volumes and snapshots, as argv lists. Pure: nothing here runs
 * anything. Every LV domstore makes carries two tags: {@value #OWNER_TAG}, and
 * {@code domstore_volume_<volume id>}; an LV without them is never changed.
 *
 * <p>In metadata-only mode (a kernel without device-mapper, see {@code domstore.agent.lvm.metadata-only})
 * every command gets {@code --driverloaded n} (LVM then changes only its metadata on the PVs and
 * never talks to the kernel), and new LVs {@code -an -Zn}: not activated, and not zeroed (zeroing
 * needs an active LV).
 */
public final class LvmCommands {
    /** Marks an LV as made, and owned, by domstore. */
    public static final String OWNER_TAG = "domstore";
    /** Followed by the volume id: {@code domstore_volume_6f1c2a9e-…}. */
    public static final String VOLUME_TAG_PREFIX = "domstore_volume_";

    /** What the agent reads of every LV. */
    public static final String LV_FIELDS = "lv_name,vg_name,lv_attr,lv_size,origin,origin_size,data_percent,lv_tags,lv_snapshot_invalid";
    public static final String VG_FIELDS = "vg_name,vg_size,vg_free,vg_extent_size";
    /** What {@code lvs} reports of each row's VG, so that one call answers for an LV and the room around it. */
    public static final String VG_SPACE_FIELDS = "vg_size,vg_free,vg_extent_size";
    public static final String PV_FIELDS = "pv_name,vg_name,pv_size,pv_free";
    /** Classic (copy-on-write) snapshots: lv_attr starts with 's' (or 'S' while merging). Thin snapshots start with 'V'. */
    public static final String CLASSIC_SNAPSHOTS = "lv_attr=~^[sS]";

    private final boolean metadataOnly;

    public LvmCommands(boolean metadataOnly) {
        this.metadataOnly = metadataOnly;
    }

    public boolean metadataOnly() {
        return metadataOnly;
    }

    public static String volumeTag(UUID volumeId) {
        return VOLUME_TAG_PREFIX + volumeId;
    }

    /**
     * {@code lvcreate -n NAME -L <bytes>b -W y -y --addtag domstore --addtag domstore_volume_<id> VG}:
     * {@code -W y} wipes any old file system signature in the space it reuses, {@code -y} answers
     * LVM's questions with yes (there is no terminal).
     */
    public List<String> lvcreate(String volumeGroup, String name, long sizeBytes, UUID volumeId) {
        List<String> argv = command("lvcreate");
        if (metadataOnly) {
            argv.addAll(List.of("-an", "-Zn"));
        }
        argv.addAll(List.of("-n", name, "-L", sizeBytes + "b", "-W", "y", "-y",
                "--addtag", OWNER_TAG, "--addtag", volumeTag(volumeId), volumeGroup));
        return argv;
    }

    /** {@code lvcreate -s -L <cow bytes>b -n NAME --addtag … VG/ORIGIN}: a copy-on-write snapshot with a differences area of {@code cowBytes}. */
    public List<String> snapshot(String volumeGroup, String origin, String name, long cowBytes, UUID volumeId) {
        List<String> argv = command("lvcreate");
        argv.addAll(List.of("-s", "-L", cowBytes + "b", "-n", name,
                "--addtag", OWNER_TAG, "--addtag", volumeTag(volumeId), volumeGroup + "/" + origin));
        return argv;
    }

    /** Grows {@code VG/NAME} to {@code sizeBytes} (an LV, or a snapshot's differences area). */
    public List<String> lvextend(String volumeGroup, String name, long sizeBytes) {
        List<String> argv = command("lvextend");
        argv.addAll(List.of("-L", sizeBytes + "b", volumeGroup + "/" + name));
        return argv;
    }

    /** Removes {@code VG/NAME} without asking ({@code -f}); LVM itself refuses while it is open. */
    public List<String> lvremove(String volumeGroup, String name) {
        List<String> argv = command("lvremove");
        argv.addAll(List.of("-f", volumeGroup + "/" + name));
        return argv;
    }

    /** Every LV of {@code volumeGroup}, each row with the VG's size, free space and extent size, as JSON with sizes in bytes. */
    public List<String> lvs(String volumeGroup) {
        List<String> argv = report("lvs", LV_FIELDS + "," + VG_SPACE_FIELDS);
        argv.add(volumeGroup);
        return argv;
    }

    /** Every LV of every VG. */
    public List<String> lvsAll() {
        return report("lvs", LV_FIELDS);
    }

    /** Every classic snapshot of every VG, in one call. */
    public List<String> snapshots() {
        List<String> argv = report("lvs", LV_FIELDS);
        argv.addAll(List.of("-S", CLASSIC_SNAPSHOTS));
        return argv;
    }

    public List<String> vgs() {
        return report("vgs", VG_FIELDS);
    }

    public List<String> vgs(String volumeGroup) {
        List<String> argv = report("vgs", VG_FIELDS);
        argv.add(volumeGroup);
        return argv;
    }

    public List<String> pvs() {
        return report("pvs", PV_FIELDS);
    }

    /** {@code mkfs -t <fs> -q /dev/VG/NAME}. */
    public static List<String> mkfs(Filesystem filesystem, String devicePath) {
        return List.of("mkfs", "-t", filesystem.typeName(), "-q", devicePath);
    }

    /** {@code /dev/VG/NAME}, the link udev makes for an active LV. */
    public static String devicePath(String volumeGroup, String name) {
        return "/dev/" + volumeGroup + "/" + name;
    }

    private List<String> report(String tool, String fields) {
        List<String> argv = command(tool);
        argv.addAll(List.of("--reportformat", "json", "--units", "b", "--nosuffix", "-o", fields));
        return argv;
    }

    private List<String> command(String tool) {
        List<String> argv = new ArrayList<>();
        argv.add(tool);
        if (metadataOnly) {
            argv.addAll(List.of("--driverloaded", "n"));
        }
        return argv;
    }
}
