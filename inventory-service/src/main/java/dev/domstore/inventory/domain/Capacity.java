package dev.domstore.inventory.domain;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import dev.domstore.common.lvm.Extents;
import dev.domstore.common.messages.HostReport;

/**
 * What a volume group or an image root can still give, from the host's last report and the
 * intents the inventory has accepted. The report can lag behind the intents (a volume accepted a
 * moment ago is not on the host yet; one deleted a moment ago may still be), so every domstore
 * volume counts at the larger of what the host reported for it and what was asked for it. That
 * is what makes "two requests can never over-commit" hold between reports.
 */
public final class Capacity {
    private Capacity() {
    }

    /**
     * Bytes {@code vg} can still give: its size, less what others (not domstore) use, less every
     * domstore LV counted at the larger of its reported and its intended size.
     *
     * @param reportedLvs the host's last reported LVs of this volume group
     * @param claims what the live LVM and snapshot volumes of this volume group were asked to take
     */
    public static long volumeGroupAvailable(HostReport.VolumeGroup vg, List<HostReport.LogicalVolume> reportedLvs, List<Claim> claims) {
        Map<UUID, Long> reportedByVolume = new HashMap<>();
        long reportedDomstore = 0;
        for (HostReport.LogicalVolume lv : reportedLvs) {
            if (lv.volumeId() != null) {
                reportedByVolume.merge(lv.volumeId(), lv.sizeBytes(), Long::sum);
                reportedDomstore += lv.sizeBytes();
            }
        }
        long usedByOthers = Math.max(0, vg.sizeBytes() - vg.freeBytes() - reportedDomstore);
        long domstore = 0;
        Set<UUID> counted = new java.util.HashSet<>();
        for (Claim claim : claims) {
            long intended = Extents.roundUp(claim.sizeBytes(), vg.extentSizeBytes());
            domstore += Math.max(intended, reportedByVolume.getOrDefault(claim.volumeId(), 0L));
            counted.add(claim.volumeId());
        }
        for (Map.Entry<UUID, Long> reported : reportedByVolume.entrySet()) {
            if (!counted.contains(reported.getKey())) {
                domstore += reported.getValue();
            }
        }
        return vg.sizeBytes() - usedByOthers - domstore;
    }

    /**
     * Bytes the image root can still promise: its free space, less what every live image may yet
     * grow into. A sparse image takes little at first but may fill up to its size; domstore
     * reserves that, so the file system under the images can never be over-committed.
     */
    public static long imageRootAvailable(long reportedFreeBytes, List<HostReport.Image> reportedImages, List<Claim> imageClaims) {
        Map<String, Long> allocatedByPath = new HashMap<>();
        for (HostReport.Image image : reportedImages) {
            allocatedByPath.put(image.path(), image.allocatedBytes());
        }
        long growth = 0;
        for (Claim claim : imageClaims) {
            growth += Math.max(0, claim.sizeBytes() - allocatedByPath.getOrDefault(claim.imagePath(), 0L));
        }
        return reportedFreeBytes - growth;
    }
}
