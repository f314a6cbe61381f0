package dev.domstore.guard.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.guard.policy.Decision;
import dev.domstore.guard.policy.PolicyOverride;
import dev.domstore.guard.policy.PolicyParams;

/** The engine with an in-memory sink: ledger, duplicates, retries, rebuilds, reaction times, held space. */
class GuardEngineTest {
    private static final long MiB = 1 << 20;
    private static final long GiB = 1L << 30;
    private static final String HOST = "dom0-a";
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    private MutableClock clock;
    private List<SnapshotExtendRequested> published;
    private VolumeGroupSpaces spaces;
    private GuardEngine engine;
    private AtomicInteger invalidations;

    @BeforeEach
    void setUp() {
        clock = new MutableClock(START);
        published = new ArrayList<>();
        spaces = new VolumeGroupSpaces(Duration.ofMinutes(2));
        invalidations = new AtomicInteger();
        engine = newEngine(published);
    }

    private GuardEngine newEngine(List<SnapshotExtendRequested> sink) {
        SnapshotObserver counting = new SnapshotObserver() {
            @Override
            public void invalidated(SnapshotState snapshot) {
                invalidations.incrementAndGet();
            }
        };
        return new GuardEngine(EngineSettings.DEFAULTS, PolicyParams.DEFAULTS, volumeId -> Optional.empty(), spaces,
                request -> sink.add(request), counting, clock);
    }

    private static SnapshotUsage usage(UUID id, Instant at, long cow, double percent) {
        return new SnapshotUsage(UUID.randomUUID(), id, HOST, at, "vg0", "snap-" + id.toString().substring(0, 4), "data", cow,
                10 * GiB, percent, "swi-a-s---", false);
    }

    /** A usage report taken now, by the engine's clock. */
    private SnapshotUsage now(UUID id, long cow, double percent) {
        return usage(id, clock.instant(), cow, percent);
    }

    @Test
    void duplicatesOfAReportCauseOneRequest() {
        UUID id = UUID.randomUUID();
        SnapshotUsage report = now(id, GiB, 75.0);
        engine.live(0, id, report);
        assertNull(engine.live(0, id, report), "the same report again changes nothing");
        clock.advance(Duration.ofSeconds(1));
        engine.live(0, id, report);
        assertEquals(1, published.size());
        assertEquals(GiB, published.get(0).fromCowBytes());
        assertEquals(1232 * MiB, published.get(0).toCowBytes());
        assertEquals("THRESHOLD", published.get(0).reason());
        assertEquals(id.toString(), published.get(0).volumeId().toString());
    }

    @Test
    void anOutstandingStepIsAskedForAgainOnlyAfterTheRetryTimeout() {
        UUID id = UUID.randomUUID();
        engine.live(0, id, now(id, GiB, 75.0));
        for (int i = 0; i < 29; i++) {
            clock.advance(Duration.ofSeconds(1));
            Decision decision = engine.live(0, id, now(id, GiB, 75.0));
            assertEquals(Decision.Reason.OUTSTANDING, decision.reason());
        }
        assertEquals(1, published.size());
        clock.advance(Duration.ofSeconds(2));
        Decision retry = engine.live(0, id, now(id, GiB, 75.0));
        assertTrue(retry.retry());
        assertEquals(2, published.size());
        assertEquals(published.get(0).fromCowBytes(), published.get(1).fromCowBytes(), "the same step");
    }

    @Test
    void aLargerAreaClosesTheStepMeasuresTheReactionAndTheNextStepGoesFromThere() {
        UUID id = UUID.randomUUID();
        engine.live(0, id, now(id, GiB, 75.0));
        clock.advance(Duration.ofSeconds(7));
        engine.live(0, id, now(id, 1232 * MiB, 62.4));
        assertTrue(engine.outstanding(id).isEmpty());
        assertEquals(5.0, engine.reactions().seconds(HOST), 1e-9, "3 s default, then 7 s measured at weight 0.5");

        clock.advance(Duration.ofSeconds(60));
        engine.live(0, id, now(id, 1232 * MiB, 70.0));
        assertEquals(2, published.size());
        assertEquals(1232 * MiB, published.get(1).fromCowBytes());
    }

    @Test
    void aRebuiltInstanceDoesNotAskForAStepItsPredecessorAskedFor() {
        UUID id = UUID.randomUUID();
        SnapshotUsage report = now(id, GiB, 75.0);
        engine.live(0, id, report);
        assertEquals(1, published.size());

        // A new instance: reads the requests topic, then rebuilds the partition, then goes live.
        List<SnapshotExtendRequested> second = new ArrayList<>();
        GuardEngine successor = newEngine(second);
        clock.advance(Duration.ofSeconds(2));
        published.forEach(successor::requestSeen);
        successor.rebuilt(0, id, report);
        successor.rebuildDone(List.of(0));
        clock.advance(Duration.ofSeconds(1));
        Decision decision = successor.live(0, id, now(id, GiB, 76.0));
        assertEquals(Decision.Reason.OUTSTANDING, decision.reason());
        assertTrue(second.isEmpty());
    }

    @Test
    void withoutThePredecessorsRequestsARebuiltInstanceAsksRightAfterTheRebuild() {
        UUID id = UUID.randomUUID();
        engine.rebuilt(0, id, now(id, GiB, 75.0));
        assertTrue(published.isEmpty(), "rebuilding decides nothing");
        engine.rebuildDone(List.of(0));
        assertEquals(1, published.size());
    }

    @Test
    void staleReportsAreNotActedOnAfterARebuild() {
        UUID id = UUID.randomUUID();
        engine.rebuilt(0, id, usage(id, START.minus(Duration.ofMinutes(10)), GiB, 90.0));
        engine.rebuildDone(List.of(0));
        assertTrue(published.isEmpty());
        assertEquals(1, engine.snapshots().size(), "still watched: the next live report decides");
    }

    @Test
    void requestsFoundForStepsAlreadyDoneHoldNothingBack() {
        UUID id = UUID.randomUUID();
        engine.requestSeen(new SnapshotExtendRequested(UUID.randomUUID(), id, HOST, START.minusSeconds(5), GiB, 1232 * MiB, 75, "THRESHOLD", null));
        engine.rebuilt(0, id, now(id, 1232 * MiB, 80.0)); // already grown past that step
        engine.rebuildDone(List.of(0));
        assertEquals(1, published.size());
        assertEquals(1232 * MiB, published.get(0).fromCowBytes());
    }

    @Test
    void invalidSnapshotsAreNeverExtendedAndNoticedOnce() {
        UUID id = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(1));
            SnapshotUsage invalid = new SnapshotUsage(UUID.randomUUID(), id, HOST, clock.instant(), "vg0", "snap1", "data", 8 * MiB,
                    64 * MiB, 100.0, "swi-I-s---", false);
            assertEquals(Decision.Reason.INVALID, engine.live(0, id, invalid).reason());
        }
        assertTrue(published.isEmpty());
        assertEquals(1, invalidations.get());
        assertEquals(1, engine.countInvalid());
    }

    @Test
    void spaceAskedForIsHeldAgainstTheVolumeGroupUntilAReportFollowsTheExtension() {
        spaces.report(hostReport(300 * MiB), clock.instant());
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        engine.live(0, a, now(a, GiB, 75.0)); // +208 MiB
        engine.live(0, b, now(b, GiB, 75.0)); // wants +208, only 92 MiB left
        assertEquals(1232 * MiB, published.get(0).toCowBytes());
        assertEquals(GiB + 92 * MiB, published.get(1).toCowBytes());
        assertTrue(engine.snapshot(b).orElseThrow().atRisk());
        assertEquals(1, engine.countAtRisk());

        clock.advance(Duration.ofSeconds(3));
        engine.live(0, a, now(a, 1232 * MiB, 62.0)); // a's extension is done...
        clock.advance(Duration.ofSeconds(1));
        spaces.report(hostReport(92 * MiB), clock.instant()); // ...and the next report shows it
        assertEquals(0L, spaces.capacity(HOST, "vg0", 4 * MiB, clock.instant()).freeBytes(),
                "b's 92 MiB are still held; a's 208 MiB are in the report now, no longer held");
    }

    @Test
    void anOverrideAppliesToItsVolumeOnly() {
        UUID special = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        GuardEngine withOverride = new GuardEngine(EngineSettings.DEFAULTS, PolicyParams.DEFAULTS,
                id -> id.equals(special) ? Optional.of(PolicyOverride.threshold(50)) : Optional.empty(), spaces,
                published::add, SnapshotObserver.NONE, clock);
        withOverride.live(0, special, now(special, GiB, 55.0));
        withOverride.live(0, plain, now(plain, GiB, 55.0));
        assertEquals(1, published.size());
        assertEquals(special, published.get(0).volumeId());
    }

    @Test
    void aDisabledSnapshotIsNeverAskedForWhileItsTwinIsAndTheGuardSaysSoOnce() {
        UUID off = UUID.randomUUID();
        UUID twin = UUID.randomUUID();
        SnapshotPolicies policies = new SnapshotPolicies(PolicyParams.DEFAULTS);
        policies.apply(off, new SnapshotGuardPolicy(UUID.randomUUID(), off, HOST, START, "vg0", "off", false, null, null, null, null,
                null, null, null, null));
        GuardEngine guarded = new GuardEngine(EngineSettings.DEFAULTS, PolicyParams.DEFAULTS, policies, spaces, published::add,
                SnapshotObserver.NONE, clock);
        List<String> lines = new ArrayList<>();
        java.util.logging.Logger log = java.util.logging.Logger.getLogger(GuardEngine.class.getName());
        java.util.logging.Handler capture = new java.util.logging.Handler() {
            @Override
            public void publish(java.util.logging.LogRecord record) {
                lines.add(record.getMessage() == null ? "" : String.valueOf(
                        record.getParameters() == null ? record.getMessage() : formatted(record)));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        try {
            for (double percent : new double[] {60.0, 75.0, 85.0, 95.0, 99.0}) {
                guarded.live(0, off, now(off, GiB, percent));
                guarded.live(0, twin, now(twin, GiB, percent));
                clock.advance(Duration.ofSeconds(1));
            }
        } finally {
            log.removeHandler(capture);
        }
        assertEquals(Decision.Reason.DISABLED, guarded.snapshot(off).orElseThrow().decision().reason());
        assertEquals("override", guarded.snapshot(off).orElseThrow().policy().source());
        assertEquals("global", guarded.snapshot(twin).orElseThrow().policy().source());
        assertTrue(published.stream().noneMatch(r -> r.volumeId().equals(off)), "never a request for the disabled one");
        assertEquals(1, published.stream().filter(r -> r.volumeId().equals(twin)).count(), "one for its twin, at 75 %");
        assertEquals(1, lines.stream().filter(l -> l.contains("Guard OFF") && l.contains(off.toString())).count(), "logged once: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("Guard OFF") && l.contains("policy: override (enabled=false)")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("Extend requested") && l.contains(twin.toString()) && l.contains("policy: global")),
                lines.toString());

        // The operator removes the override: the next report is decided by the global policy, and asks.
        policies.apply(off, null);
        guarded.live(0, off, now(off, GiB, 99.5));
        assertEquals(Decision.Reason.THRESHOLD, guarded.snapshot(off).orElseThrow().decision().reason());
        assertEquals(1, published.stream().filter(r -> r.volumeId().equals(off)).count());
    }

    @Test
    void aThresholdOverrideMovesWhenTheRequestIsMade() {
        UUID early = UUID.randomUUID();
        UUID late = UUID.randomUUID();
        UUID plain = UUID.randomUUID();
        SnapshotPolicies policies = new SnapshotPolicies(PolicyParams.DEFAULTS);
        policies.apply(early, new SnapshotGuardPolicy(UUID.randomUUID(), early, HOST, START, "vg0", "early", null, 50, null, null, null,
                null, null, null, null));
        policies.apply(late, new SnapshotGuardPolicy(UUID.randomUUID(), late, HOST, START, "vg0", "late", null, 90, null, null, null,
                null, null, null, null));
        GuardEngine guarded = new GuardEngine(EngineSettings.DEFAULTS, PolicyParams.DEFAULTS, policies, spaces, published::add,
                SnapshotObserver.NONE, clock);
        java.util.Map<UUID, Double> firstRequestAt = new java.util.HashMap<>();
        for (double percent = 40.0; percent <= 95.0; percent += 5.0) {
            for (UUID id : List.of(early, late, plain)) {
                Decision decision = guarded.live(0, id, now(id, GiB, percent));
                if (decision.request()) {
                    firstRequestAt.putIfAbsent(id, percent);
                }
            }
            clock.advance(Duration.ofSeconds(30)); // 5 % every 30 s: too slow for the prediction; the threshold decides
        }
        assertEquals(50.0, firstRequestAt.get(early));
        assertEquals(70.0, firstRequestAt.get(plain), "the global 70 %");
        assertEquals(90.0, firstRequestAt.get(late));
    }

    @Test
    void droppedPartitionsAreForgotten() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        engine.live(0, a, now(a, GiB, 10.0));
        engine.live(1, b, now(b, GiB, 10.0));
        engine.dropPartitions(List.of(1));
        assertTrue(engine.snapshot(a).isPresent());
        assertFalse(engine.snapshot(b).isPresent());
    }

    @Test
    void aTombstoneForgetsTheSnapshot() {
        UUID a = UUID.randomUUID();
        engine.live(0, a, now(a, GiB, 10.0));
        engine.live(0, a, null);
        assertTrue(engine.snapshots().isEmpty());
    }

    @Test
    void aFailedPublishIsNotRecordedSoTheNextReportTriesAgain() {
        UUID id = UUID.randomUUID();
        List<SnapshotExtendRequested> sent = new ArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        GuardEngine flaky = new GuardEngine(EngineSettings.DEFAULTS, PolicyParams.DEFAULTS, v -> Optional.empty(), spaces,
                request -> calls.incrementAndGet() > 1 && sent.add(request), SnapshotObserver.NONE, clock);
        flaky.live(0, id, now(id, GiB, 75.0));
        clock.advance(Duration.ofSeconds(1));
        flaky.live(0, id, now(id, GiB, 75.5));
        assertEquals(2, calls.get());
        assertEquals(1, sent.size());
    }

    private static String formatted(java.util.logging.LogRecord record) {
        try {
            return String.format(record.getMessage(), record.getParameters());
        } catch (java.util.IllegalFormatException e) {
            return java.text.MessageFormat.format(record.getMessage(), record.getParameters());
        }
    }

    private static HostReport hostReport(long freeBytes) {
        return new HostReport(UUID.randomUUID(), HOST, HOST, START, "/var/lib/domstore/images", 0, 0, 8, true,
                List.of(new HostReport.VolumeGroup("vg0", 100 * GiB, freeBytes, 4 * MiB)), List.of(), List.of(), List.of(), List.of());
    }
}
