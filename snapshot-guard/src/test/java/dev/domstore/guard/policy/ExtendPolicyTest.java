package dev.domstore.guard.policy;

import static dev.domstore.guard.policy.PolicyFixtures.EXTENT;
import static dev.domstore.guard.policy.PolicyFixtures.GiB;
import static dev.domstore.guard.policy.PolicyFixtures.MiB;
import static dev.domstore.guard.policy.PolicyFixtures.T0;
import static dev.domstore.guard.policy.PolicyFixtures.decide;
import static dev.domstore.guard.policy.PolicyFixtures.facts;
import static dev.domstore.guard.policy.PolicyFixtures.once;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import dev.domstore.common.SnapshotFill;
import dev.domstore.guard.policy.Decision.Reason;
import dev.domstore.guard.policy.Decision.Risk;

class ExtendPolicyTest {

    @Nested
    class ThresholdAndStep {

        /**
         * lvm.conf: "if you set snapshot_autoextend_threshold to 70 and snapshot_autoextend_percent
         * to 20 ... For a 1G snapshot, using 700M will trigger a resize to 1.2G. When the usage
         * exceeds 840M, the snapshot will be extended to 1.44G". lvm.conf counts 1G as 1000M there
         * (700M is 70 % of it), so the example is reproduced in those units, with sizes rounded only
         * to 512-byte sectors so that the numbers are lvm.conf's own.
         */
        @Test
        void lvmConfsOwnExample() {
            long g = 1_000_000_000L;
            VgCapacity sectorsOnly = VgCapacity.unknown(512);

            Decision below = decide(once(g, 10 * g, 69.99, sectorsOnly));
            assertEquals(Reason.BELOW_THRESHOLD, below.reason());

            Decision first = decide(once(g, 10 * g, 70.0, sectorsOnly)); // 700M used
            assertTrue(first.request());
            assertEquals(Reason.THRESHOLD, first.reason());
            assertEquals(1_000_000_000L, first.fromCowBytes());
            assertEquals(1_200_000_000L, first.toCowBytes());

            long usedAfter = SnapshotFill.usedBytes(first.toCowBytes(), 70.0);
            assertEquals(840_000_000L, usedAfter); // "when the usage exceeds 840M"
            Decision second = decide(once(first.toCowBytes(), 10 * g, 70.0, sectorsOnly));
            assertEquals(Reason.THRESHOLD, second.reason());
            assertEquals(1_440_000_000L, second.toCowBytes());
        }

        /**
         * The same example in binary units and 4 MiB extents, as lvm really computes: 700 MiB of
         * 1 GiB is only 68.4 %, so nothing happens yet; at 70 % (716.8 MiB) the area grows by 20 %
         * to 1.2 GiB, rounded up to whole extents (1232 MiB), then to 1.44 GiB (1480 MiB).
         */
        @Test
        void lvmConfExampleInBinaryUnitsAndExtents() {
            Decision at700MiB = decide(once(GiB, 10 * GiB, 700.0 * 100 / 1024));
            assertEquals(Reason.BELOW_THRESHOLD, at700MiB.reason());

            Decision first = decide(once(GiB, 10 * GiB, 70.0));
            assertEquals(Reason.THRESHOLD, first.reason());
            assertEquals(1232 * MiB, first.toCowBytes());

            Decision second = decide(once(first.toCowBytes(), 10 * GiB, 70.0));
            assertEquals(1232 * MiB, second.fromCowBytes());
            assertEquals(1480 * MiB, second.toCowBytes());
        }

        @Test
        void aSmallSnapshotGrowsByAtLeastTheMinimumStep() {
            Decision decision = decide(once(100 * MiB, GiB, 75.0)); // 20 % would be 20 MiB
            assertEquals(Reason.THRESHOLD, decision.reason());
            assertEquals(164 * MiB, decision.toCowBytes());
        }

        @Test
        void theStepIsAtLeastEnoughToGetBackBelowTheThreshold() {
            // 95 % of 1 GiB: +20 % would leave it at 79 %; lvm (and the guard) grow until below 70 %.
            Decision decision = decide(once(GiB, 10 * GiB, 95.0));
            assertEquals(1392 * MiB, decision.toCowBytes());
            assertTrue(SnapshotFill.usedBytes(GiB, 95.0) * 100.0 / decision.toCowBytes() < 70.0);
        }

        @Test
        void threshold100TurnsTheThresholdOffAsInLvmConf() {
            PolicyParams off = new PolicyParams(true, 100, 20, 64 * MiB, true, 3, Duration.ofSeconds(30), Duration.ofSeconds(30), 4096, false);
            Decision decision = ExtendPolicy.decide(once(GiB, 10 * GiB, 99.0), off);
            assertEquals(Reason.BELOW_THRESHOLD, decision.reason());
        }

        @Test
        void anOverrideChangesOneSnapshotsThreshold() {
            PolicyParams fifty = PolicyParams.DEFAULTS.with(PolicyOverride.threshold(50));
            assertEquals(Reason.BELOW_THRESHOLD, decide(once(GiB, 10 * GiB, 55.0)).reason());
            Decision decision = ExtendPolicy.decide(once(GiB, 10 * GiB, 55.0), fifty);
            assertEquals(Reason.THRESHOLD, decision.reason());
            assertEquals(1232 * MiB, decision.toCowBytes());
            assertEquals(20, fifty.stepPercent(), "what the override does not set stays as it was");
        }
    }

    @Nested
    class Prediction {
        private Decision decideWith(long cow, java.util.List<FillSample> samples, double percentNow) {
            FillEstimate fill = FillRate.estimate(samples, cow, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
            return ExtendPolicy.decide(new Situation(facts(cow, 20 * GiB, percentNow), fill, VgCapacity.unknown(EXTENT), null, 3.0,
                    samples.get(samples.size() - 1).at()), PolicyParams.DEFAULTS);
        }

        @Test
        void aSteadySlowFillDoesNotTriggerBeforeTheThreshold() {
            // 1 GiB filling at 0.5 % a second (5 MiB/s), reported every second, from 40 % up.
            java.util.List<FillSample> samples = new java.util.ArrayList<>();
            Decision first = null;
            double triggeredAt = -1;
            for (int second = 0; first == null && second < 100; second++) {
                double percent = 40.0 + 0.5 * second;
                samples.add(new FillSample(T0.plusSeconds(second), SnapshotFill.usedBytes(GiB, percent)));
                Decision decision = decideWith(GiB, samples, percent);
                if (decision.request()) {
                    first = decision;
                    triggeredAt = percent;
                } else {
                    assertEquals(Reason.BELOW_THRESHOLD, decision.reason(), "at " + percent + " %");
                }
            }
            assertEquals(Reason.THRESHOLD, first.reason());
            assertEquals(70.0, triggeredAt, 0.001);
        }

        @Test
        void aBurstTriggersEarlyAtTheFirstReportThatShowsIt() {
            // Slow at 30 %, then 150 MiB in one second: 1 GiB would be full in under 4 s.
            var samples = PolicyFixtures.samples(GiB, 1000, 30.0, 30.1, 30.2, 44.85);
            Decision decision = decideWith(GiB, samples, 44.85);
            assertTrue(decision.request());
            assertEquals(Reason.PREDICTION, decision.reason());
            assertTrue(decision.secondsToFull() < decision.horizonSeconds());
            // Sized so the next extension is not needed within 30 s at ~150 MiB/s: about 7 GiB, not 1.2.
            assertTrue(decision.toCowBytes() > 6 * GiB, "to " + decision.toCowBytes());
        }

        @Test
        void aRisingRateTriggersBeforeTheThreshold() {
            // An accelerating writer: 2, 4, 8, 16, 32 ... MiB a second.
            java.util.List<FillSample> samples = new java.util.ArrayList<>();
            long used = 300 * MiB;
            Decision first = null;
            for (int second = 0; first == null && second < 20; second++) {
                used += (2L << second) * MiB;
                samples.add(new FillSample(T0.plusSeconds(second), used));
                double percent = used * 100.0 / GiB;
                Decision decision = decideWith(GiB, samples, percent);
                if (decision.request()) {
                    first = decision;
                    assertTrue(percent < 70, "triggered at " + percent + " %");
                }
            }
            assertEquals(Reason.PREDICTION, first.reason());
        }

        @Test
        void stepSizedSoTheNextExtensionIsNotNeededWithinTheMinimumInterval() {
            var samples = PolicyFixtures.samples(GiB, 1000, 30.0, 40.0); // ~102 MiB/s
            FillEstimate fill = FillRate.estimate(samples, GiB, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
            Decision decision = ExtendPolicy.decide(new Situation(facts(GiB, 100 * GiB, 40.0), fill, VgCapacity.unknown(EXTENT),
                    null, 3.0, T0.plusSeconds(1)), PolicyParams.DEFAULTS);
            assertEquals(Reason.PREDICTION, decision.reason());
            double rate = fill.bytesPerSecond();
            long afterInterval = fill.usedBytes() + Math.round(rate * 30);
            assertTrue(afterInterval * 100.0 / decision.toCowBytes() < 70.0, "below the threshold after 30 s");
            double secondsToFullAfterInterval = (decision.toCowBytes() - afterInterval) / rate;
            assertTrue(secondsToFullAfterInterval >= decision.horizonSeconds(), "no prediction trigger within 30 s either");
            assertEquals(0, decision.toCowBytes() % EXTENT);
        }

        @Test
        void predictionOffLeavesOnlyTheThreshold() {
            var samples = PolicyFixtures.samples(GiB, 1000, 30.0, 45.0);
            FillEstimate fill = FillRate.estimate(samples, GiB, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
            PolicyParams off = PolicyParams.DEFAULTS.with(new PolicyOverride(null, null, null, null, false, null, null, null, null));
            Decision decision = ExtendPolicy.decide(new Situation(facts(GiB, 10 * GiB, 45.0), fill, VgCapacity.unknown(EXTENT), null,
                    3.0, T0), off);
            assertEquals(Reason.BELOW_THRESHOLD, decision.reason());
        }

        @Test
        void aSlowerHostWidensTheHorizon() {
            var samples = PolicyFixtures.samples(GiB, 1000, 50.0, 52.0); // ~20 MiB/s, full in ~24 s
            FillEstimate fill = FillRate.estimate(samples, GiB, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
            Decision fastHost = ExtendPolicy.decide(new Situation(facts(GiB, 10 * GiB, 52.0), fill, VgCapacity.unknown(EXTENT), null,
                    3.0, T0), PolicyParams.DEFAULTS);
            Decision slowHost = ExtendPolicy.decide(new Situation(facts(GiB, 10 * GiB, 52.0), fill, VgCapacity.unknown(EXTENT), null,
                    8.0, T0), PolicyParams.DEFAULTS);
            assertEquals(Reason.BELOW_THRESHOLD, fastHost.reason()); // horizon 3 × (3 + 1) = 12 s
            assertEquals(Reason.PREDICTION, slowHost.reason()); // horizon 3 × (8 + 1) = 27 s
        }

        @Test
        void fillingFasterThanTheHostReactsIsAtRisk() {
            var samples = PolicyFixtures.samples(GiB, 1000, 60.0, 90.0); // full in ~0.3 s
            FillEstimate fill = FillRate.estimate(samples, GiB, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
            Decision decision = ExtendPolicy.decide(new Situation(facts(GiB, 10 * GiB, 90.0), fill, VgCapacity.unknown(EXTENT), null,
                    3.0, T0), PolicyParams.DEFAULTS);
            assertTrue(decision.request());
            assertEquals(Set.of(Risk.TOO_FAST), decision.risks());
        }
    }

    @Nested
    class Disabled {
        private final PolicyParams off = PolicyParams.DEFAULTS.with(PolicyOverride.disabled());

        @Test
        void aDisabledSnapshotIsNeverAskedForEvenNearlyFull() {
            Decision decision = ExtendPolicy.decide(once(GiB, 10 * GiB, 99.0), off);
            assertFalse(decision.request());
            assertEquals(Reason.DISABLED, decision.reason());
            assertEquals(GiB, decision.toCowBytes());
            assertTrue(decision.explanation().contains("enabled=false"), decision.explanation());
        }

        @Test
        void norWhenThePredictionWouldFire() {
            var samples = PolicyFixtures.samples(GiB, 1000, 30.0, 30.1, 30.2, 44.85);
            FillEstimate fill = FillRate.estimate(samples, GiB, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
            Situation burst = new Situation(facts(GiB, 20 * GiB, 44.85), fill, VgCapacity.unknown(EXTENT), null, 3.0, T0);
            assertEquals(Reason.PREDICTION, ExtendPolicy.decide(burst, PolicyParams.DEFAULTS).reason(), "the control");
            assertEquals(Reason.DISABLED, ExtendPolicy.decide(burst, off).reason());
        }

        @Test
        void anInvalidSnapshotStaysInvalidWhetherDisabledOrNot() {
            Situation overflowed = new Situation(new SnapshotFacts(PolicyFixtures.VOLUME, "dom0-a", GiB, 10 * GiB, 100.0, true),
                    FillEstimate.idle(GiB), VgCapacity.unknown(EXTENT), null, 3.0, T0);
            assertEquals(Reason.INVALID, ExtendPolicy.decide(overflowed, off).reason());
        }

        @Test
        void enabledTrueIsTheGuardAsUsual() {
            PolicyParams on = PolicyParams.DEFAULTS.with(new PolicyOverride(true, null, null, null, null, null, null, null, null));
            assertEquals(Reason.THRESHOLD, ExtendPolicy.decide(once(GiB, 10 * GiB, 75.0), on).reason());
        }
    }

    @Nested
    class Ceilings {
        @Test
        void neverBeyondOriginPlusMetadata() {
            // 1000 MiB of a 1 GiB origin at 80 %: +20 % would be 1200 MiB; the area can never use more than 1032 MiB.
            Decision decision = decide(once(1000 * MiB, GiB, 80.0));
            assertTrue(decision.request());
            assertEquals(1032 * MiB, decision.toCowBytes());
            assertTrue(decision.explanation().contains("origin ceiling"), decision.explanation());
        }

        @Test
        void atTheCeilingNothingIsAskedEvenWhenNearlyFull() {
            Decision decision = decide(once(1032 * MiB, GiB, 99.0));
            assertFalse(decision.request());
            assertEquals(Reason.AT_CEILING, decision.reason());
        }

        @Test
        void whatTheVolumeGroupCannotHoldIsNotAskedForAndTheSnapshotIsAtRisk() {
            // Wants 1232 MiB (+208), the volume group has 100 MiB and 3 bytes: ask for +100 MiB.
            Decision decision = decide(once(GiB, 10 * GiB, 75.0, new VgCapacity(100 * MiB + 3, EXTENT)));
            assertTrue(decision.request());
            assertEquals(GiB + 100 * MiB, decision.toCowBytes());
            assertEquals(1232 * MiB, decision.wantedBytes());
            assertEquals(Set.of(Risk.VG_FULL), decision.risks());
        }

        @Test
        void notOneExtentFreeMeansNoRequestAndAtRisk() {
            Decision decision = decide(once(GiB, 10 * GiB, 75.0, new VgCapacity(3 * MiB, EXTENT)));
            assertFalse(decision.request());
            assertEquals(Reason.NO_SPACE, decision.reason());
            assertTrue(decision.atRisk());
        }

        @Test
        void enoughRoomIsNoRisk() {
            Decision decision = decide(once(GiB, 10 * GiB, 75.0, new VgCapacity(10 * GiB, EXTENT)));
            assertEquals(1232 * MiB, decision.toCowBytes());
            assertFalse(decision.atRisk());
        }
    }

    @Nested
    class InvalidSnapshots {
        @Test
        void neverExtendedWhenTheReportSaysInvalid() {
            Situation s = once(GiB, 10 * GiB, 100.0);
            Situation invalid = new Situation(new SnapshotFacts(UUID.randomUUID(), "h", GiB, 10 * GiB, 100.0, true), s.fill(), s.vg(),
                    null, 3.0, T0);
            Decision decision = decide(invalid);
            assertFalse(decision.request());
            assertEquals(Reason.INVALID, decision.reason());
        }

        @Test
        void theAttrAloneIsEnough() {
            assertTrue(SnapshotFacts.attrSaysInvalid("swi-I-s---")); // as captured after an overflow
            assertTrue(SnapshotFacts.attrSaysInvalid("swi-S-s---")); // invalid suspended snapshot
            assertFalse(SnapshotFacts.attrSaysInvalid("swi-a-s---"));
            assertFalse(SnapshotFacts.attrSaysInvalid("swi"));
            assertFalse(SnapshotFacts.attrSaysInvalid(null));
        }

        @Test
        void evenWhenFillingFastAndAboveTheThreshold() {
            var samples = PolicyFixtures.samples(GiB, 1000, 50.0, 99.0);
            FillEstimate fill = FillRate.estimate(samples, GiB, Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(10));
            Decision decision = decide(new Situation(new SnapshotFacts(UUID.randomUUID(), "h", GiB, 10 * GiB, 99.0, true), fill,
                    VgCapacity.unknown(EXTENT), null, 3.0, T0));
            assertEquals(Reason.INVALID, decision.reason());
        }
    }

    @Nested
    class OutstandingSteps {
        @Test
        void aStepAskedForIsNotAskedForAgainBeforeTheRetryTimeout() {
            Situation s = once(GiB, 10 * GiB, 75.0);
            Outstanding asked = new Outstanding(GiB, 1232 * MiB, T0.minusSeconds(10));
            Decision decision = decide(new Situation(s.snapshot(), s.fill(), s.vg(), asked, 3.0, T0));
            assertFalse(decision.request());
            assertEquals(Reason.OUTSTANDING, decision.reason());
        }

        @Test
        void afterTheRetryTimeoutTheSameStepIsAskedForAgain() {
            Situation s = once(GiB, 10 * GiB, 75.0);
            Outstanding asked = new Outstanding(GiB, 1232 * MiB, T0.minusSeconds(31));
            Decision decision = decide(new Situation(s.snapshot(), s.fill(), s.vg(), asked, 3.0, T0));
            assertTrue(decision.request());
            assertTrue(decision.retry());
            assertEquals(GiB, decision.fromCowBytes(), "the same step: the inventory dedupes it on fromCowBytes");
        }

        @Test
        void aStepFromAnotherSizeDoesNotHoldBack() {
            Situation s = once(1232 * MiB, 10 * GiB, 75.0);
            Outstanding old = new Outstanding(GiB, 1232 * MiB, T0.minusSeconds(1));
            assertTrue(decide(new Situation(s.snapshot(), s.fill(), s.vg(), old, 3.0, T0)).request());
        }
    }
}
