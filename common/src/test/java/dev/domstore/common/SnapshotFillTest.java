package dev.domstore.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class SnapshotFillTest {
    private static final long EIGHT_MIB = 8L << 20;

    @Test
    void usedBytesFromTheCapturedFillLevels() {
        // lvs-json-02/03 of the host captures: an 8 MiB snapshot at 25.20 % and 75.39 %.
        assertEquals(2113929, SnapshotFill.usedBytes(EIGHT_MIB, 25.20));
        assertEquals(6324172, SnapshotFill.usedBytes(EIGHT_MIB, 75.39));
    }

    @Test
    void rateAndTimeToFull() {
        long before = SnapshotFill.usedBytes(EIGHT_MIB, 25.20);
        long after = SnapshotFill.usedBytes(EIGHT_MIB, 75.39);
        double rate = SnapshotFill.rate(before, after, 2000);
        assertEquals((after - before) / 2.0, rate, 0.001);
        assertEquals((EIGHT_MIB - after) / rate, SnapshotFill.secondsToFull(EIGHT_MIB, after, rate), 1e-9);
    }

    @Test
    void notFillingMeansNoPrediction() {
        assertEquals(0, SnapshotFill.rate(100, 100, 1000));
        assertEquals(0, SnapshotFill.rate(200, 100, 1000), "an extension lowers the percentage, not the bytes used");
        assertEquals(0, SnapshotFill.rate(100, 200, 0));
        assertNull(SnapshotFill.secondsToFull(EIGHT_MIB, 100, 0));
    }
}
