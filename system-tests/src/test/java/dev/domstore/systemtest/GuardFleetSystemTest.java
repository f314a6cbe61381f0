package dev.domstore.systemtest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.domstore.common.Topics;
import dev.domstore.systemtest.SimulatedSnapshotFleet.Outcome;
import dev.domstore.systemtest.SimulatedSnapshotFleet.Request;
import dev.domstore.testsupport.KafkaInspection;
import dev.domstore.testsupport.ServiceProcess;

/**
 * Issue #6: against a real Kafka broker, 1,000 snapshots on 20 simulated hosts fill at different
 * rates while the packaged snapshot-guard watches them; none may reach 100 %. Midway the guard is
 * killed (SIGKILL) and started again with the same settings and consumer group while the snapshots
 * go on filling; no growth step may be asked for twice, and none may be missed.
 *
 * <p><b>Scope.</b> The {@link SimulatedSnapshotFleet} plays the hosts and the inventory at the
 * guard's boundary: it publishes usage and host reports as the agents do and carries out the
 * extend requests itself after a 1–3 s reaction delay (inventory, agent and lvextend). The real
 * pipeline (inventory, ExtendVolume commands, an agent) carries about 3–4 extensions a second, far
 * too few for 1,000 snapshots needing hundreds of extensions within two minutes;
 * {@code PackagedServicesSystemTest} runs the whole pipeline with a few dozen snapshots.
 *
 * <p><b>The snapshots.</b> CoW 256 MiB–1 GiB (4 MiB extents), origin 3–8 times larger, first fill
 * 5–65 %. Writers ({@link WriteProfile}): 60 % steady (0.05–0.35 % of the first CoW a second),
 * 15 % rising (to 0.6–1.2 %/s over 100 s), 15 % bursty (idle, then 3–8 s at 2–4 %/s), 10 % fast
 * (8–11 %/s from 2–8 % full, each starting within the first 20 s; origin 6–12 times the CoW, and
 * some grow until their area holds the whole origin). From the guard's 70 % threshold a fast writer
 * is full in 2.7–3.8 s, about a report interval plus the hosts' 1–3 s reaction: the threshold alone
 * is too late for many of them (with {@code DOMSTORE_GUARD_PREDICTION_ENABLED=false} fast snapshots
 * overflow), the prediction asks at their first report, about 9 s before they would be full. A
 * snapshot never uses more than its origin's size. The hosts report for a few seconds
 * before anything is written, until the guard has taken in every snapshot.
 *
 * <p><b>The outage.</b> The kill leaves the snapshots unguarded until the new guard owns the
 * partitions of {@code domstore.snapshot-usage}: a new JVM (whose readiness is UP within seconds,
 * before it owns any partition), then a rebalance that waits for the dead member's Kafka session to
 * time out (10 s in the guard; with the client's default of 45 s this test measured 48 s in all),
 * then the rebuild — measured and printed.
 * No guard can save a snapshot that fills faster than its free space lasts while none is running,
 * so from the kill until 5 s after the new guard owns its partitions every writer is held to 0.25 %
 * of its CoW size a second ({@link SimulatedSnapshotFleet#OUTAGE_RATE_CAP}): the 30 % the threshold
 * leaves then lasts 120 s, over twice the outage; the test fails if the outage exceeds
 * {@link #OUTAGE_BOUND}. Steady writers write on as before, and a couple of hundred snapshots reach
 * the threshold during the outage: the new guard must ask for those, once, after its rebuild.
 *
 * <p><b>The checks.</b> (1) No snapshot overflowed. (2) No two requests for one growth step
 * (volume id, fromCowBytes). The guard repeats a step only after its retry timeout (30 s) and
 * marks that only in its log ({@code ", retry)"}) and metrics; here every step is carried out
 * within 3 s, so no retry may happen: any repeat is a duplicate, and the guards' logs must show no
 * retry. (3) No missed extension: after the writes stop and the requests settle, no snapshot is
 * left at or above the threshold (one whose area holds its whole origin cannot overflow and is
 * exempt); every request names an existing snapshot on its host, grows it from its current size to
 * more, in whole extents, and is carried out. The longest a snapshot waited at the threshold for its
 * request, with a guard running, is printed.
 *
 * <p>{@code -Ddomstore.systest.guard-env=DOMSTORE_GUARD_THRESHOLD_PERCENT=100,DOMSTORE_GUARD_PREDICTION_ENABLED=false}
 * adds to the guards' environment: to see the test fail with a guard that does not do its job.
 */
class GuardFleetSystemTest {
    /** The guard's consumer group (GuardPolicy's default), kept by the restarted guard. */
    private static final String GUARD_GROUP = "domstore-snapshot-guard";
    private static final int HOSTS = 20;
    private static final int SNAPSHOTS = 1000;
    /** The guard's default threshold (GuardPolicy). */
    private static final double THRESHOLD_PERCENT = 70;
    private static final double MIN_REACTION_SECONDS = 1;
    private static final double MAX_REACTION_SECONDS = 3;
    /** The guard's default retry timeout (GuardPolicy): a repeat after it would be a retry, not a duplicate. */
    private static final Duration RETRY_TIMEOUT = Duration.ofSeconds(30);
    private static final long SEED = 6;
    private static final Duration KILL_AFTER = Duration.ofSeconds(35);
    /** The outage the write rates are safe for (see the class comment). */
    static final Duration OUTAGE_BOUND = Duration.ofSeconds(100);
    private static final Duration FULL_RATES_AFTER_REBUILD = Duration.ofSeconds(5);
    private static final Duration RUN_AFTER_RESTART = Duration.ofSeconds(25);
    private static final Duration SETTLE_QUIET = Duration.ofSeconds(5);
    private static final Duration SETTLE_AT_MOST = Duration.ofSeconds(30);

    @Test
    void aThousandSnapshotsNeverOverflowAndAGuardKilledMidRunNeitherRepeatsNorMissesAnExtension() {
        long testStart = System.nanoTime();
        Map<String, String> guardEnv = guardEnv();
        try (SystemStack stack = SystemStack.startWithoutDatabase("GuardFleetSystemTest");
                SimulatedSnapshotFleet fleet = SimulatedSnapshotFleet.plan(stack.kafka(), HOSTS, SNAPSHOTS, THRESHOLD_PERCENT,
                        MIN_REACTION_SECONDS, MAX_REACTION_SECONDS, SEED)) {
            double brokerUpAfter = secondsSince(testStart);
            fleet.publishHostReports();
            ServiceProcess guard = stack.launchGuard("snapshot-guard-1", guardEnv);
            guard.awaitHealthy(SystemStack.HEALTH_TIMEOUT);
            awaitPartitions(guard, SystemStack.HEALTH_TIMEOUT);
            double guardUpAfter = secondsSince(testStart);

            // The hosts report before anything is written, until the guard has taken in every snapshot.
            fleet.start();
            sleepUntil(fleet, 2);
            KafkaInspection.awaitCaughtUp(stack.kafka().admin(), GUARD_GROUP, Topics.SNAPSHOT_USAGE, Duration.ofSeconds(60));
            double caughtUpAfter = fleet.seconds();
            fleet.startWriting();
            sleepUntil(fleet, fleet.seconds() + KILL_AFTER.toSeconds());
            long killedAt = System.nanoTime();
            double killSecond = fleet.seconds();
            fleet.guardDown();
            stack.kill(guard);
            fleet.mark("guard 1 killed (SIGKILL)");
            ServiceProcess restarted = stack.launchGuard("snapshot-guard-2", guardEnv);
            restarted.awaitHealthy(SystemStack.HEALTH_TIMEOUT);
            double readyAfter = secondsSince(killedAt);
            fleet.mark("guard 2 ready (readiness UP)");
            awaitPartitions(restarted, OUTAGE_BOUND.minusSeconds((long) readyAfter));
            double outage = secondsSince(killedAt);
            double ownedSecond = fleet.seconds();
            fleet.guardBack("guard 2 owns its partitions");
            sleepUntil(fleet, fleet.seconds() + FULL_RATES_AFTER_REBUILD.toSeconds());
            fleet.fullRates();
            sleepUntil(fleet, fleet.seconds() + RUN_AFTER_RESTART.toSeconds());

            fleet.stopWriting();
            double settleDeadline = fleet.seconds() + SETTLE_AT_MOST.toSeconds();
            while (fleet.seconds() < settleDeadline
                    && (fleet.pending() > 0 || fleet.secondsSinceLastRequest() < SETTLE_QUIET.toSeconds())) {
                sleepUntil(fleet, fleet.seconds() + 0.5);
            }
            sleepUntil(fleet, fleet.seconds() + 2); // the last growth shows in a usage report
            boolean guardAlive = restarted.isAlive();
            fleet.close();

            List<Request> requests = fleet.requests();
            Path logs = restarted.log().getParent();
            long retries = countInLogs(logs, ", retry)");
            System.out.println(summary(fleet, requests, caughtUpAfter, killSecond, ownedSecond, readyAfter, outage, retries)
                    + String.format(Locale.ROOT, "  test: %.0f s (broker up after %.0f s, the first guard owned its partitions after %.0f s)",
                            secondsSince(testStart), brokerUpAfter, guardUpAfter));
            verify(fleet, requests, retries, guardAlive, outage);
        }
    }

    private static void verify(SimulatedSnapshotFleet fleet, List<Request> requests, long retries, boolean guardAlive, double outage) {
        List<String> overflowed = firstTen(fleet.snapshots().stream().filter(SimulatedSnapshot::overflowed)
                .map(SimulatedSnapshot::history).toList());
        List<String> duplicates = firstTen(duplicates(requests));
        List<String> leftAtThreshold = firstTen(leftAtThreshold(fleet).stream()
                .map(s -> s.history() + (s.askedFromCurrentSize() ? "\n      (a request from its size was seen, not carried out)" : ""))
                .toList());
        List<String> badRequests = firstTen(requests.stream().filter(r -> r.problem != null || r.outcome != Outcome.APPLIED)
                .map(r -> r + (r.problem == null ? "" : ": " + r.problem)).toList());
        assertAll(
                () -> assertNull(fleet.failure(), "the simulated fleet ran through"),
                () -> assertEquals(0, fleet.publishFailures(), "usage and host reports that could not be published; the first: "
                        + fleet.firstPublishFailure()),
                () -> assertTrue(guardAlive, "the restarted guard still runs at the end"),
                () -> assertTrue(outage < OUTAGE_BOUND.toSeconds(), "the outage (" + outage + " s) stays within the "
                        + OUTAGE_BOUND.toSeconds() + " s the write rates are safe for"),
                () -> assertEquals(List.of(), overflowed, "(1) snapshots that reached 100 % (invalid)"),
                () -> assertEquals(List.of(), duplicates, "(2) growth steps asked for more than once"),
                () -> assertEquals(0, retries, "(2) retries in the guards' logs: every step was carried out within "
                        + MAX_REACTION_SECONDS + " s, far inside the " + RETRY_TIMEOUT.toSeconds() + " s retry timeout"),
                () -> assertEquals(List.of(), leftAtThreshold, "(3) snapshots left at or above " + THRESHOLD_PERCENT
                        + " % after the run settled"),
                () -> assertEquals(List.of(), badRequests, "(3) requests that were not for an existing snapshot's current step, "
                        + "or were not carried out"),
                // The scenario is what it claims to be.
                () -> assertTrue(fleet.snapshots().stream().filter(s -> s.extendsApplied() > 0).count() >= 300,
                        "hundreds of snapshots needed an extension"),
                () -> assertTrue(fleet.snapshots().stream().filter(s -> s.extendsApplied() > 1).count() >= 20,
                        "several needed two or more"),
                () -> assertTrue(requests.stream().anyMatch(r -> "PREDICTION".equals(r.message.reason())),
                        "some extensions came from the prediction"),
                () -> assertTrue(fleet.crossedWhileGuardDown() > 0, "snapshots reached the threshold while no guard ran"));
    }

    /** A failure's list: its first ten, then how many more. */
    private static List<String> firstTen(List<String> all) {
        if (all.size() <= 10) {
            return all;
        }
        List<String> first = new ArrayList<>(all.subList(0, 10));
        first.add("... and " + (all.size() - 10) + " more, " + all.size() + " in all");
        return first;
    }

    /** Snapshots at or above the threshold that could still overflow (the area smaller than the origin). */
    private static List<SimulatedSnapshot> leftAtThreshold(SimulatedSnapshotFleet fleet) {
        return fleet.snapshots().stream()
                .filter(s -> !s.overflowed() && s.fillPercent() >= THRESHOLD_PERCENT && s.cowBytes() < s.originBytes).toList();
    }

    /** Requests for the same (volume id, fromCowBytes), with how far apart they came. */
    private static List<String> duplicates(List<Request> requests) {
        Map<String, List<Request>> bySteps = requests.stream().collect(Collectors.groupingBy(
                r -> r.message.volumeId() + " from " + SimulatedSnapshot.mib(r.message.fromCowBytes()), TreeMap::new, Collectors.toList()));
        List<String> duplicates = new ArrayList<>();
        bySteps.forEach((step, asked) -> {
            if (asked.size() > 1) {
                double apart = asked.get(asked.size() - 1).receivedAt - asked.get(0).receivedAt;
                duplicates.add(step + ": " + asked.size() + " requests " + String.format(Locale.ROOT, "%.1f", apart) + " s apart"
                        + (apart >= RETRY_TIMEOUT.toSeconds() ? " (as far apart as a retry)" : "") + " " + asked);
            }
        });
        return duplicates;
    }

    private static String summary(SimulatedSnapshotFleet fleet, List<Request> requests, double caughtUpAfter, double killedAt,
            double ownedAt, double readyAfter, double outage, long retries) {
        List<SimulatedSnapshot> snapshots = fleet.snapshots();
        Map<WriteProfile.Kind, Long> kinds = snapshots.stream()
                .collect(Collectors.groupingBy(s -> s.profile.kind(), () -> new EnumMap<>(WriteProfile.Kind.class),
                        Collectors.counting()));
        Map<String, Long> reasons = requests.stream()
                .collect(Collectors.groupingBy(r -> r.message.reason(), TreeMap::new, Collectors.counting()));
        Map<Outcome, Long> outcomes = requests.stream()
                .collect(Collectors.groupingBy(r -> r.outcome, () -> new EnumMap<>(Outcome.class), Collectors.counting()));
        Map<UUID, SimulatedSnapshot> byId = snapshots.stream().collect(Collectors.toMap(s -> s.id, Function.identity()));
        Map<String, Long> predictionByKind = requests.stream().filter(r -> "PREDICTION".equals(r.message.reason()))
                .filter(r -> byId.containsKey(r.message.volumeId()))
                .collect(Collectors.groupingBy(r -> byId.get(r.message.volumeId()).profile.kind().name(), TreeMap::new, Collectors.counting()));
        long fastByPrediction = snapshots.stream().filter(s -> s.profile.kind() == WriteProfile.Kind.FAST)
                .filter(s -> requests.stream().anyMatch(r -> r.message.volumeId().equals(s.id) && "PREDICTION".equals(r.message.reason())))
                .count();
        long extended = snapshots.stream().filter(s -> s.extendsApplied() > 0).count();
        long twiceOrMore = snapshots.stream().filter(s -> s.extendsApplied() > 1).count();
        int mostExtends = snapshots.stream().mapToInt(SimulatedSnapshot::extendsApplied).max().orElse(0);
        long holdingOrigin = snapshots.stream().filter(s -> s.cowBytes() >= s.originBytes).count();
        SimulatedSnapshot fullest = snapshots.stream().max(Comparator.comparingDouble(SimulatedSnapshot::peakFillBelowOriginPercent))
                .orElseThrow();
        SimulatedSnapshot longestWaiter = snapshots.stream()
                .max(Comparator.comparingDouble(SimulatedSnapshot::longestWaitForRequest)).orElseThrow();
        // Live: decided on a report the guard read as it came; after the rebuild: on a report read while rebuilding.
        double[] live = requests.stream().filter(r -> !(r.receivedAt >= killedAt && r.reportedAt < ownedAt))
                .mapToDouble(r -> r.receivedAt - r.reportedAt).filter(d -> !Double.isNaN(d)).sorted().toArray();
        double[] rebuilt = requests.stream().filter(r -> r.receivedAt >= killedAt && r.reportedAt < ownedAt)
                .mapToDouble(r -> r.receivedAt - r.reportedAt).sorted().toArray();
        long grownBytes = snapshots.stream().mapToLong(s -> s.cowBytes() - s.firstCowBytes).sum();
        Map<String, Long> byGuard = new LinkedHashMap<>();
        byGuard.put("guard 1", requests.stream().filter(r -> r.receivedAt < killedAt).count());
        byGuard.put("guard 2", requests.stream().filter(r -> r.receivedAt >= killedAt).count());
        return String.format(Locale.ROOT, """
                GuardFleetSystemTest summary
                  snapshots: %d on %d hosts %s; threshold %.0f %%, reaction %.0f-%.0f s
                  extend requests: %d %s, %s; outcomes %s; %d GiB grown in all
                  PREDICTION requests by writer: %s; fast snapshots extended by prediction: %d of %d
                  snapshots extended: %d, twice or more: %d, most: %d; areas grown to hold their whole origin: %d
                  max fill reached: %.2f %% while the area was smaller than the origin, by %s
                    %s
                  overflowed: %d; areas holding their whole origin fill up to %.2f %% and cannot overflow
                  report -> request seen: live p50 %.2f s, p95 %.2f s, max %.2f s (%d requests); decided at the new guard's rebuild,
                    on reports read while rebuilding: %d, max %.2f s; %d requests not matched to their report
                  the guard took in the first reports %.1f s after the fleet started; the fleet's steps were at most %.2f s late
                  outage: guard killed at %.1f s into the run, new guard ready %.1f s later, owning its partitions %.1f s after the kill;
                          %d snapshots reached %.0f %% while no guard ran
                  duplicate steps: %d; retries in the guards' logs: %d; left at the threshold at the end: %d;
                  longest wait at the threshold for a request with a guard running: %.1f s (%s)
                  timeline: %s
                """, snapshots.size(), HOSTS, kinds, THRESHOLD_PERCENT, MIN_REACTION_SECONDS, MAX_REACTION_SECONDS, requests.size(),
                reasons, byGuard, outcomes, grownBytes >> 30, predictionByKind, fastByPrediction,
                kinds.getOrDefault(WriteProfile.Kind.FAST, 0L), extended, twiceOrMore, mostExtends, holdingOrigin,
                fullest.peakFillBelowOriginPercent(), fullest, fullest.history(), fleet.overflows(),
                snapshots.stream().filter(s -> s.cowBytes() >= s.originBytes).mapToDouble(SimulatedSnapshot::peakFillPercent).max()
                        .orElse(0),
                percentile(live, 50), percentile(live, 95), percentile(live, 100), live.length, rebuilt.length, percentile(rebuilt, 100),
                requests.size() - live.length - rebuilt.length,
                caughtUpAfter, fleet.worstStepDelay(), killedAt, readyAfter, outage,
                fleet.crossedWhileGuardDown(), THRESHOLD_PERCENT, duplicates(requests).size(), retries, leftAtThreshold(fleet).size(),
                longestWaiter.longestWaitForRequest(), longestWaiter,
                fleet.timeline());
    }

    private static double percentile(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(percent / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Waits until the guard's readiness names the snapshot-usage partitions it owns (it is ready before it owns any). */
    private static void awaitPartitions(ServiceProcess guard, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!guard.isAlive()) {
                throw new IllegalStateException(guard.module() + " died; see " + guard.log());
            }
            String partitions = given().baseUri(guard.baseUrl()).get("/q/health/ready").jsonPath()
                    .getString("checks.find { it.name == 'snapshot-guard' }.data.partitions");
            if (partitions != null && !partitions.equals("[]")) {
                return;
            }
            sleepMillis(250);
        }
        throw new AssertionError(guard.module() + " owned no partition of domstore.snapshot-usage within " + timeout + "; see "
                + guard.log());
    }

    /** Extra environment for the guards, from {@code -Ddomstore.systest.guard-env=K=V,K=V}. */
    private static Map<String, String> guardEnv() {
        String configured = System.getProperty("domstore.systest.guard-env", "").trim();
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : configured.isEmpty() ? new String[0] : configured.split(",")) {
            String[] keyValue = pair.split("=", 2);
            env.put(keyValue[0].trim(), keyValue.length > 1 ? keyValue[1].trim() : "");
        }
        if (!env.isEmpty()) {
            System.out.println("GuardFleetSystemTest: the guards run with " + env);
        }
        return env;
    }

    private static long countInLogs(Path dir, String text) {
        try (Stream<Path> logs = Files.list(dir)) {
            long count = 0;
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("snapshot-guard")).toList()) {
                try (Stream<String> lines = Files.lines(log)) {
                    count += lines.filter(line -> line.contains(text)).count();
                }
            }
            return count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleepUntil(SimulatedSnapshotFleet fleet, double seconds) {
        while (fleet.seconds() < seconds) {
            if (fleet.failure() != null) {
                throw new IllegalStateException("The simulated fleet failed", fleet.failure());
            }
            sleepMillis((long) Math.min(500, Math.max(1, (seconds - fleet.seconds()) * 1000)));
        }
    }

    private static double secondsSince(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
    }

    private static void sleepMillis(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
