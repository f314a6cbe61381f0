package dev.domstore.guard.policy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.domstore.common.SnapshotFill;

/** Builders for the policy tests: sizes, facts, samples. */
final class PolicyFixtures {
    static final long KiB = 1024;
    static final long MiB = 1024 * KiB;
    static final long GiB = 1024 * MiB;
    static final long EXTENT = 4 * MiB;
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final UUID VOLUME = UUID.fromString("7d1e4c1a-2b3c-4d5e-8f90-1a2b3c4d5e6f");

    private PolicyFixtures() {
    }

    static SnapshotFacts facts(long cow, long origin, double percent) {
        return new SnapshotFacts(VOLUME, "dom0-a", cow, origin, percent, false);
    }

    /** A snapshot seen once: no rate yet. */
    static Situation once(long cow, long origin, double percent, VgCapacity vg) {
        return new Situation(facts(cow, origin, percent), FillEstimate.idle(SnapshotFill.usedBytes(cow, percent)), vg, null, 3.0, T0);
    }

    static Situation once(long cow, long origin, double percent) {
        return once(cow, origin, percent, VgCapacity.unknown(EXTENT));
    }

    static Decision decide(Situation situation) {
        return ExtendPolicy.decide(situation, PolicyParams.DEFAULTS);
    }

    /** Samples of an area of {@code cow} bytes at the given fills (percent), one every {@code everyMillis}, starting at T0. */
    static List<FillSample> samples(long cow, long everyMillis, double... percents) {
        List<FillSample> samples = new ArrayList<>();
        for (int i = 0; i < percents.length; i++) {
            samples.add(new FillSample(T0.plusMillis(i * everyMillis), SnapshotFill.usedBytes(cow, percents[i])));
        }
        return samples;
    }
}
