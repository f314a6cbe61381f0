package dev.domstore.common.lvm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** lvm2's _cow_max_size: header chunk + origin chunks + one metadata chunk per chunk/16 exceptions (+1). */
class CowCeilingTest {
    private static final long MiB = 1L << 20;
    private static final long GiB = 1L << 30;

    @Test
    void aGibibyteOriginWithFourKibibyteChunks() {
        // 262144 data chunks, (262144 + 256) / 256 = 1025 metadata chunks, 1 header: 263170 × 4 KiB.
        assertEquals(1_077_944_320L, CowCeiling.maxCowBytes(GiB, 4096, false));
        // In 4 MiB extents: 258 of them, what lvm reports as "maximum usable size 1.01 GiB".
        assertEquals(1032 * MiB, CowCeiling.ceilingBytes(GiB, 4096, false, 4 * MiB));
    }

    @Test
    void largerChunksNeedLessMetadata() {
        assertEquals(1_074_135_040L, CowCeiling.maxCowBytes(GiB, 64 * 1024, false));
        assertTrue(CowCeiling.maxCowBytes(GiB, 64 * 1024, false) < CowCeiling.maxCowBytes(GiB, 4096, false));
    }

    @Test
    void theLeakAllowanceOfOldKernelsAddsAboutOneAndAHalfPercent() {
        long withLeak = CowCeiling.maxCowBytes(GiB, 4096, true);
        assertEquals(1_094_791_168L, withLeak);
        double overhead = (withLeak - GiB) * 100.0 / GiB;
        assertTrue(overhead > 1.9 && overhead < 2.0, "overhead " + overhead + " %");
    }

    @Test
    void overheadIsAboutFourTenthsOfAPercentAtAnySize() {
        long origin = 10 * GiB;
        double overhead = (CowCeiling.maxCowBytes(origin, 4096, false) - origin) * 100.0 / origin;
        assertEquals(0.39, overhead, 0.01);
    }
}
