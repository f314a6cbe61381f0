package dev.domstore.inventory.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import dev.domstore.common.messages.HostReport;

class CapacityTest {
    private static final long MIB = 1L << 20;
    private static final long EXTENT = 4 * MIB;
    private static final HostReport.VolumeGroup VG0 = new HostReport.VolumeGroup("vg0", 1000 * MIB, 600 * MIB, EXTENT);

    @Test
    void aSparseImageReservesWhatItMayStillGrowInto() {
        Claim image = new Claim(UUID.randomUUID(), "/images/a.img", 100 * MIB);
        List<HostReport.Image> reported = List.of(new HostReport.Image("/images/a.img", 100 * MIB, 30 * MIB));

        assertEquals(500 * MIB - 70 * MIB, Capacity.imageRootAvailable(500 * MIB, reported, List.of(image)));
    }

    @Test
    void anImageTheHostHasNotReportedYetReservesAllOfItsSize() {
        Claim image = new Claim(UUID.randomUUID(), "/images/new.img", 100 * MIB);

        assertEquals(400 * MIB, Capacity.imageRootAvailable(500 * MIB, List.of(), List.of(image)));
    }

    @Test
    void anImageFullerThanAskedReservesNothingMore() {
        Claim image = new Claim(UUID.randomUUID(), "/images/a.img", 100 * MIB);
        List<HostReport.Image> reported = List.of(new HostReport.Image("/images/a.img", 100 * MIB, 120 * MIB));

        assertEquals(500 * MIB, Capacity.imageRootAvailable(500 * MIB, reported, List.of(image)));
    }

    @Test
    void aLogicalVolumeCountsAtTheLargerOfReportedAndAskedRoundedToExtents() {
        UUID grown = UUID.randomUUID();
        UUID asked = UUID.randomUUID();
        // 400 MiB used: 160 by "grown" (asked 100), 240 by others. "asked" (10 MiB, 3 extents) is not on the host yet.
        List<HostReport.LogicalVolume> reported = List.of(lv("grown", 160 * MIB, grown), lv("swap", 240 * MIB, null));
        List<Claim> claims = List.of(new Claim(grown, null, 100 * MIB), new Claim(asked, null, 10 * MIB));

        assertEquals(1000 * MIB - 240 * MIB - 160 * MIB - 12 * MIB, Capacity.volumeGroupAvailable(VG0, reported, claims));
    }

    @Test
    void aReportedLogicalVolumeOfDomstoreWithNoClaimLeftStillTakesItsSpace() {
        // Deleted a moment ago in the inventory, still on the host in the last report.
        List<HostReport.LogicalVolume> reported = List.of(lv("old", 400 * MIB, UUID.randomUUID()));

        assertEquals(600 * MIB, Capacity.volumeGroupAvailable(VG0, reported, List.of()));
    }

    private static HostReport.LogicalVolume lv(String name, long sizeBytes, UUID volumeId) {
        return new HostReport.LogicalVolume("vg0", name, sizeBytes, "-wi-a-----", null, null, false, List.of(), volumeId);
    }
}
