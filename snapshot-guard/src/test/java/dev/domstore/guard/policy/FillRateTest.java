package dev.domstore.guard.policy;

import static dev.domstore.guard.policy.PolicyFixtures.GiB;
import static dev.domstore.guard.policy.PolicyFixtures.MiB;
import static dev.domstore.guard.policy.PolicyFixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FillRateTest {
    private static final Duration SHORT = Duration.ofSeconds(1);
    private static final Duration LONG = Duration.ofSeconds(30);
    private static final Duration CAP = Duration.ofSeconds(10);

    private static FillEstimate estimate(List<FillSample> samples) {
        return FillRate.estimate(samples, GiB, SHORT, LONG, CAP);
    }

    private static FillSample at(long millis, long usedMiB) {
        return new FillSample(T0.plusMillis(millis), usedMiB * MiB);
    }

    @Test
    void oneSampleHasNoRate() {
        FillEstimate estimate = estimate(List.of(at(0, 100)));
        assertEquals(0, estimate.bytesPerSecond());
        assertNull(estimate.secondsToFull());
        assertEquals(100 * MiB, estimate.usedBytes());
    }

    @Test
    void aSteadyFillGivesItsRate() {
        List<FillSample> samples = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            samples.add(at(i * 1000L, 100 + 2L * i)); // 2 MiB/s
        }
        FillEstimate estimate = estimate(samples);
        assertEquals(2.0 * MiB, estimate.bytesPerSecond(), 1);
        assertEquals((1024 - 140) / 2.0, estimate.secondsToFull(), 0.01);
        assertEquals(1.0, estimate.detectionSeconds(), 0.001);
    }

    @Test
    void aBurstShowsAtTheFirstReport() {
        List<FillSample> samples = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            samples.add(at(i * 1000L, 100 + i)); // 1 MiB/s for 20 s
        }
        samples.add(at(20_000, 100 + 19 + 200)); // then 200 MiB in a second
        assertEquals(200.0 * MiB, estimate(samples).bytesPerSecond(), 1);
    }

    @Test
    void aPauseBetweenBurstsDoesNotMakeAStopAndGoWriterLookIdle() {
        List<FillSample> samples = new ArrayList<>();
        long used = 100;
        for (int i = 0; i < 10; i++) {
            samples.add(at(i * 1000L, used));
            used += 40; // 40 MiB/s for 10 s
        }
        for (int i = 10; i < 16; i++) {
            samples.add(at(i * 1000L, used)); // then 6 s of nothing
        }
        FillEstimate estimate = estimate(samples);
        // The short window alone says 0; the long one still carries the average, 400 MiB in 15 s.
        assertEquals(0.0, FillRate.rateSince(samples, samples.get(samples.size() - 1), SHORT));
        assertEquals(400.0 / 15 * MiB, estimate.bytesPerSecond(), 1);
        assertTrue(estimate.secondsToFull() != null);
    }

    @Test
    void reportsMillisecondsApartAreMeasuredOverTheShortWindow() {
        // A scheduled report and an event-driven one 10 ms later, 1 MiB more: not 100 MiB/s, but
        // 2 MiB over the 1.01 s since the newest report at least a second older.
        List<FillSample> samples = List.of(at(0, 100), at(1000, 101), at(2000, 102), at(2010, 103));
        assertEquals(2.0 / 1.01 * MiB, estimate(samples).bytesPerSecond(), 2);
    }

    @Test
    void theDetectionIntervalIsTheLongestRecentGapCapped() {
        assertEquals(5.0, estimate(List.of(at(0, 1), at(5000, 2), at(6000, 3))).detectionSeconds(), 0.001);
        assertEquals(10.0, estimate(List.of(at(0, 1), at(25_000, 2), at(26_000, 3))).detectionSeconds(), 0.001);
    }

    @Test
    void anAreaThatDoesNotFillHasNoTimeToFull() {
        FillEstimate estimate = estimate(List.of(at(0, 100), at(1000, 100), at(2000, 100)));
        assertEquals(0, estimate.bytesPerSecond());
        assertNull(estimate.secondsToFull());
    }
}
