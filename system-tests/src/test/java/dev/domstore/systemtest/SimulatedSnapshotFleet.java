package dev.domstore.systemtest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.common.messages.Versioned;
import dev.domstore.testsupport.AgentMessages;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaTestClient;

/**
 * Hosts with filling snapshots, and the inventory's handling of extend requests, as the
 * snapshot-guard sees them at its boundary on a real broker: every second a {@code SnapshotUsage}
 * per snapshot on {@code domstore.snapshot-usage} (the agent's default snapshot interval), every few
 * seconds a {@code HostReport} per host with its volume group's free space on
 * {@code domstore.host-reports}; it follows {@code domstore.extend-requests} from the beginning and
 * carries out each request after a reaction delay (inventory, agent and lvextend), only while the
 * snapshot still has the request's {@code fromCowBytes} (as the inventory acts on a step once) and
 * the volume group has room. It records every request and checks it on arrival: a snapshot that
 * exists, on the host named, a growth step from its current size, to a larger size in whole extents.
 *
 * <p>One thread owns every snapshot and host; it advances the writes every 250 ms. Read the results
 * after {@link #close()}.
 */
final class SimulatedSnapshotFleet implements AutoCloseable {
    static final String VOLUME_GROUP = "vg0";
    static final long MiB = 1L << 20;
    static final long EXTENT_BYTES = 4 * MiB;
    /** Each host's volume group: ample room, no request is ever cut short by free space. */
    static final long VG_BYTES = 4L << 40;
    static final long VG_FREE_BYTES = 3L << 40;
    /**
     * While no guard is running, from the kill ({@link #guardDown()}) until a few seconds after the
     * new guard owns its partitions ({@link #fullRates()}), no snapshot is written faster than this
     * share of its CoW size a second.
     */
    static final double OUTAGE_RATE_CAP = 0.0025;
    private static final long STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
    /** Usage every 4 steps: every second. */
    private static final int STEPS_PER_USAGE_REPORT = 4;
    /** Host reports every 20 steps: every 5 seconds. */
    private static final int STEPS_PER_HOST_REPORT = 20;

    /** What became of a request. */
    enum Outcome {
        /** Not yet carried out: within its reaction delay. */
        PENDING,
        /** The area grew to the size asked for. */
        APPLIED,
        /** The snapshot no longer had the size the request grows from: nothing done, as the inventory does. */
        STALE,
        /** The volume group could not hold the growth. */
        NO_SPACE,
        /** The snapshot is unknown or invalid: nothing done. */
        IGNORED
    }

    /** One request seen on {@code domstore.extend-requests}; {@code problem} says what was wrong with it, null if nothing. */
    static final class Request {
        final SnapshotExtendRequested message;
        final double receivedAt;
        /** When the usage report the guard decided on was published; NaN if not known. */
        double reportedAt = Double.NaN;
        double dueAt;
        Long cowAtArrival;
        String problem;
        Outcome outcome = Outcome.PENDING;
        double settledAt = Double.NaN;

        Request(SnapshotExtendRequested message, double receivedAt) {
            this.message = message;
            this.receivedAt = receivedAt;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %s -> %s (%s at %.2f%%, asked at %s, seen %.1fs, %s)", message.volumeId(),
                    SimulatedSnapshot.mib(message.fromCowBytes()), SimulatedSnapshot.mib(message.toCowBytes()), message.reason(),
                    message.dataPercent(), message.occurredAt(), receivedAt, outcome);
        }
    }

    private static final class Host {
        final String id;
        long freeBytes = VG_FREE_BYTES;

        Host(String id) {
            this.id = id;
        }
    }

    /** The broker's admin: reads the guard's extend requests, as the inventory would. */
    private final KafkaAccess admin;
    private final double thresholdPercent;
    private final double minReactionSeconds;
    private final double maxReactionSeconds;
    private final Random delays;
    private final List<SimulatedSnapshot> snapshots;
    private final Map<UUID, SimulatedSnapshot> byId = new LinkedHashMap<>();
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final KafkaProducer<String, String> producer;
    private final ConcurrentLinkedQueue<Request> inbox = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Request> pending = new PriorityQueue<>(Comparator.comparingDouble(r -> r.dueAt));
    private final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> marks = Collections.synchronizedList(new ArrayList<>());
    private final AtomicLong publishFailures = new AtomicLong();
    private volatile String firstPublishFailure;
    private final Thread thread = new Thread(this::run, "simulated-snapshot-fleet");
    private KafkaTestClient.Tail tail;
    private volatile long startNanos;
    private volatile boolean running = true;
    private boolean closed;
    private volatile boolean writing;
    /** When the writes started, in seconds since the start; the writers' profiles count from here. */
    private volatile double writesStartedAt = Double.NaN;
    private volatile boolean capped;
    private volatile boolean guardRunning = true;
    private volatile double guardRunningSince;
    private volatile double lastRequestAt;
    private volatile int pendingCount;
    private volatile int overflowCount;
    private volatile int crossedWhileDown;
    private volatile RuntimeException failure;
    /** How late the fleet's thread started a step at worst, in seconds. */
    private volatile double lateSteps;

    /**
     * @param thresholdPercent   the guard's threshold: how long a snapshot at or above it waits for a request is measured
     * @param minReactionSeconds a request is carried out this long after it is seen, at the least...
     * @param maxReactionSeconds ...and at the most (uniformly in between)
     */
    SimulatedSnapshotFleet(KafkaBroker broker, List<String> hostIds, List<SimulatedSnapshot> snapshots, double thresholdPercent,
            double minReactionSeconds, double maxReactionSeconds, long seed) {
        this.admin = broker.admin();
        this.thresholdPercent = thresholdPercent;
        this.minReactionSeconds = minReactionSeconds;
        this.maxReactionSeconds = maxReactionSeconds;
        this.delays = new Random(seed);
        this.snapshots = List.copyOf(snapshots);
        hostIds.forEach(id -> hosts.put(id, new Host(id)));
        snapshots.forEach(s -> byId.put(s.id, s));
        // The hosts report as hosts do: enrolled, with their (shared) credential, on their own topics.
        this.producer = KafkaTestClient.producer(broker.enrolHosts("fleet", hostIds));
    }

    /**
     * {@code count} snapshots spread evenly over {@code hosts} simulated hosts: CoW 256 MiB–1 GiB in
     * whole 4 MiB extents, the origin 3–8 times that (6–12 times for the fast ones, whose first
     * extension alone grows them about fivefold; some grow to hold their whole origin), first fill
     * 5–65 % (2–8 % for the fast ones); 60 % steady, 15 % rising, 15 % bursty, 10 % fast writers
     * ({@link WriteProfile}).
     */
    static SimulatedSnapshotFleet plan(KafkaBroker broker, int hosts, int count, double thresholdPercent, double minReactionSeconds,
            double maxReactionSeconds, long seed) {
        Random random = new Random(seed);
        List<String> hostIds = new ArrayList<>();
        for (int h = 1; h <= hosts; h++) {
            hostIds.add(String.format(Locale.ROOT, "fleet-%02d", h));
        }
        List<SimulatedSnapshot> snapshots = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            WriteProfile.Kind kind = switch (i % 20) {
                case 12, 13, 14 -> WriteProfile.Kind.RISING;
                case 15, 16, 17 -> WriteProfile.Kind.BURSTY;
                case 18, 19 -> WriteProfile.Kind.FAST;
                default -> WriteProfile.Kind.STEADY;
            };
            boolean fast = kind == WriteProfile.Kind.FAST;
            long cow = (64 + random.nextInt(193)) * EXTENT_BYTES;
            long origin = (long) (cow * (fast ? 6 + 6 * random.nextDouble() : 3 + 5 * random.nextDouble())) / EXTENT_BYTES * EXTENT_BYTES;
            double fill = fast ? 2 + 6 * random.nextDouble() : 5 + 60 * random.nextDouble();
            snapshots.add(new SimulatedSnapshot(new UUID(0x5e0e_f1ee_0000_4000L, 0x8000_0000_0000_0000L | i), hostIds.get(i % hosts),
                    WriteProfile.random(kind, cow, random), cow, origin, Math.round(fill * 100) / 100.0));
        }
        return new SimulatedSnapshotFleet(broker, hostIds, snapshots, thresholdPercent, minReactionSeconds, maxReactionSeconds, seed);
    }

    /** Every host's report, acknowledged: the guard knows the free space before the first usage arrives. */
    void publishHostReports() {
        hosts.values().forEach(this::publishHostReport);
        producer.flush();
        if (firstPublishFailure != null) {
            throw new IllegalStateException("Cannot publish the first host reports: " + firstPublishFailure);
        }
    }

    /** Follows the extend requests from the beginning, then starts reporting; nothing is written before {@link #startWriting()}. */
    void start() {
        tail = KafkaTestClient.tail(admin, Topics.EXTEND_REQUESTS, true, this::received);
        startNanos = System.nanoTime();
        mark("fleet reporting: " + snapshots.size() + " snapshots on " + hosts.size() + " hosts");
        thread.start();
    }

    /** The writers start, each at the beginning of its profile. */
    void startWriting() {
        writesStartedAt = seconds();
        writing = true;
        mark("writes started");
    }

    /** Seconds since {@link #start()}. */
    double seconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** No guard is running from now on: writes are held to {@link #OUTAGE_RATE_CAP}; waits for requests are not counted. */
    void guardDown() {
        guardRunning = false;
        capped = true;
        mark("guard down: writes held to " + OUTAGE_RATE_CAP * 100 + " % of the CoW size a second");
    }

    /** A guard owns the snapshots again: from now on a snapshot at the threshold waits for its request. */
    void guardBack(String what) {
        guardRunningSince = seconds();
        guardRunning = true;
        mark(what);
    }

    /** Writes at full rate again. */
    void fullRates() {
        capped = false;
        mark("writes at full rate again");
    }

    /** Writes stop; reports and requests go on. */
    void stopWriting() {
        writing = false;
        mark("writes stopped");
    }

    /** A line in the run's timeline, with the time. */
    void mark(String what) {
        marks.add(String.format(Locale.ROOT, "%.1fs %s", startNanos == 0 ? 0 : seconds(), what));
    }

    /** Seconds since the last request was seen, or since the start. */
    double secondsSinceLastRequest() {
        return seconds() - lastRequestAt;
    }

    /** Requests seen and not yet carried out (or found stale). */
    int pending() {
        return pendingCount + inbox.size();
    }

    int overflows() {
        return overflowCount;
    }

    /** The fleet's thread or the requests' tail failed: the run is void. */
    RuntimeException failure() {
        return failure != null ? failure : tail == null ? null : tail.failure();
    }

    List<SimulatedSnapshot> snapshots() {
        return snapshots;
    }

    List<Request> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    List<String> timeline() {
        synchronized (marks) {
            return List.copyOf(marks);
        }
    }

    /** Snapshots that reached the threshold while no guard was running. */
    int crossedWhileGuardDown() {
        return crossedWhileDown;
    }

    long publishFailures() {
        return publishFailures.get();
    }

    /** What the first failed publication failed with; null if none did. */
    String firstPublishFailure() {
        return firstPublishFailure;
    }

    /** How late a step of the fleet's thread started at worst, in seconds: the simulation kept time if this is small. */
    double worstStepDelay() {
        return lateSteps;
    }

    /** On the tail's thread: handed to the fleet's thread, which checks and carries out requests. */
    private void received(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            return;
        }
        double now = seconds();
        lastRequestAt = now;
        inbox.add(new Request(MessageCodec.fromJson(record.value(), SnapshotExtendRequested.class), now));
    }

    private void run() {
        long next = startNanos;
        double last = 0;
        long step = 0;
        try {
            while (running) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait); // sleep, never spin: two cores are shared with the broker and the guard
                    continue;
                }
                double now = seconds();
                lateSteps = Math.max(lateSteps, (System.nanoTime() - next) / 1e9);
                write(last, now);
                last = now;
                takeRequests(now);
                carryOut(now);
                if (step % STEPS_PER_USAGE_REPORT == 0) {
                    report(now);
                }
                if (step % STEPS_PER_HOST_REPORT == 0) {
                    hosts.values().forEach(this::publishHostReport);
                }
                step++;
                next += STEP_NANOS;
            }
        } catch (RuntimeException e) {
            failure = e;
        }
    }

    private void write(double from, double to) {
        double seconds = to - from;
        if (seconds <= 0) {
            return;
        }
        boolean capped = this.capped;
        boolean unguarded = !guardRunning;
        for (SimulatedSnapshot snapshot : snapshots) {
            double rate = writing ? snapshot.profile.bytesPerSecond(Math.max(0, (from + to) / 2 - writesStartedAt)) : 0;
            if (capped) {
                rate = Math.min(rate, OUTAGE_RATE_CAP * snapshot.cowBytes());
            }
            boolean below = snapshot.fillPercent() < thresholdPercent;
            if (snapshot.write(rate, seconds, to)) {
                overflowCount++;
            }
            if (unguarded && below && snapshot.fillPercent() >= thresholdPercent) {
                crossedWhileDown++;
                snapshot.event(to, "reached the threshold while no guard was running");
            }
        }
    }

    private void takeRequests(double now) {
        for (Request request; (request = inbox.poll()) != null;) {
            requests.add(request);
            SnapshotExtendRequested message = request.message;
            SimulatedSnapshot snapshot = byId.get(message.volumeId());
            List<String> problems = new ArrayList<>();
            if (snapshot == null) {
                problems.add("no such snapshot");
            } else {
                request.cowAtArrival = snapshot.cowBytes();
                request.reportedAt = snapshot.reportedAt(message.fromCowBytes(), message.dataPercent());
                if (!snapshot.hostId.equals(message.hostId())) {
                    problems.add("for host " + message.hostId() + ", the snapshot is on " + snapshot.hostId);
                }
                if (message.fromCowBytes() != snapshot.cowBytes()) {
                    problems.add("grows from " + SimulatedSnapshot.mib(message.fromCowBytes()) + ", the snapshot has "
                            + SimulatedSnapshot.mib(snapshot.cowBytes()));
                }
                snapshot.asked(message.fromCowBytes());
                snapshot.event(request.receivedAt, String.format(Locale.ROOT, "%s request %s -> %s (guard saw %.2f%%)", message.reason(),
                        SimulatedSnapshot.mib(message.fromCowBytes()), SimulatedSnapshot.mib(message.toCowBytes()), message.dataPercent()));
            }
            if (message.toCowBytes() <= message.fromCowBytes()) {
                problems.add("does not grow");
            }
            if (message.toCowBytes() % EXTENT_BYTES != 0) {
                problems.add("not in whole " + SimulatedSnapshot.mib(EXTENT_BYTES) + " extents");
            }
            request.problem = problems.isEmpty() ? null : String.join("; ", problems);
            request.dueAt = request.receivedAt + minReactionSeconds + delays.nextDouble() * (maxReactionSeconds - minReactionSeconds);
            pending.add(request);
        }
        pendingCount = pending.size();
    }

    private void carryOut(double now) {
        while (!pending.isEmpty() && pending.peek().dueAt <= now) {
            Request request = pending.poll();
            SnapshotExtendRequested message = request.message;
            SimulatedSnapshot snapshot = byId.get(message.volumeId());
            Host host = snapshot == null ? null : hosts.get(snapshot.hostId);
            long growth = message.toCowBytes() - message.fromCowBytes();
            if (snapshot == null || snapshot.overflowed() || growth <= 0) {
                request.outcome = Outcome.IGNORED;
            } else if (snapshot.cowBytes() != message.fromCowBytes()) {
                request.outcome = Outcome.STALE;
                snapshot.event(now, "request from " + SimulatedSnapshot.mib(message.fromCowBytes()) + " is stale: nothing done");
            } else if (growth > host.freeBytes) {
                request.outcome = Outcome.NO_SPACE;
                snapshot.event(now, "no room in " + VOLUME_GROUP + " for " + SimulatedSnapshot.mib(growth));
            } else {
                host.freeBytes -= growth;
                snapshot.grow(message.toCowBytes(), now);
                request.outcome = Outcome.APPLIED;
            }
            request.settledAt = now;
        }
        pendingCount = pending.size();
    }

    private void report(double now) {
        Instant at = Instant.now();
        boolean running = guardRunning;
        double runningSince = guardRunningSince;
        for (SimulatedSnapshot snapshot : snapshots) {
            send(Topics.SNAPSHOT_USAGE, snapshot.id.toString(), snapshot.usage(at, now));
            if (running) {
                snapshot.waitForRequest(now, thresholdPercent, runningSince);
            }
        }
    }

    private void publishHostReport(Host host) {
        HostReport report = AgentMessages.hostReport(host.id, Instant.now(),
                List.of(new HostReport.VolumeGroup(VOLUME_GROUP, VG_BYTES, host.freeBytes, EXTENT_BYTES)));
        send(Topics.ofHost(Topics.HOST_REPORTS, host.id), host.id, report);
    }

    private void send(String topic, String key, Versioned message) {
        producer.send(new ProducerRecord<>(topic, key, MessageCodec.toJson(message)), (metadata, error) -> {
            if (error != null && publishFailures.incrementAndGet() == 1) {
                firstPublishFailure = topic + " " + key + ": " + error;
            }
        });
    }

    /** Stops the thread (the results are then final), the requests' tail and the producer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        running = false;
        List<Throwable> problems = new ArrayList<>();
        SystemStack.runCollecting(problems, () -> {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        if (tail != null) {
            SystemStack.runCollecting(problems, tail::close);
        }
        if (!thread.isAlive() && startNanos != 0) {
            takeRequests(seconds()); // what arrived after the last step: recorded, never carried out
        }
        SystemStack.runCollecting(problems, () -> producer.close(java.time.Duration.ofSeconds(10)));
        SystemStack.throwIfAny(problems, "Stopping the simulated fleet failed");
    }
}
