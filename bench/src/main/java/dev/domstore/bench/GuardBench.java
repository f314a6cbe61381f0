package dev.domstore.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.testsupport.AgentMessages;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.ServiceProcess;

/**
 * Benchmark 2: the packaged snapshot-guard fed SnapshotUsage for many snapshots every second;
 * ingest rate (from the group's committed offsets), usage -> extend-request latency, CPU and RSS.
 */
final class GuardBench {
    private static final String GROUP = "domstore-snapshot-guard";
    private static final long GIB = 1L << 30;
    private static final int HOSTS = 100;

    private final Main.Settings settings;
    private final KafkaBroker kafka;
    private final Path logDir;

    GuardBench(Main.Settings settings, KafkaBroker kafka, Path logDir) {
        this.settings = settings;
        this.kafka = kafka;
        this.logDir = logDir;
    }

    private record Snapshot(UUID id, String host, boolean crossing, double start, double perSecond) {
        double at(double seconds) {
            return Math.min(99.0, Math.round((start + perSecond * seconds) * 100.0) / 100.0);
        }
    }

    Map<String, Object> run() throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> hosts = java.util.stream.IntStream.range(0, HOSTS).mapToObj(GuardBench::hostId).toList();
        // The simulated hosts report as hosts do: enrolled, with their (shared) credential.
        try (KafkaProducer<String, String> producer = KafkaTestClient.producer(kafka.enrolHosts("guard-bench", hosts))) {
            // Every host's vg0 with plenty of free space: no request is held back for capacity.
            for (int h = 0; h < HOSTS; h++) {
                String host = hostId(h);
                HostReport report = AgentMessages.hostReport(host, Instant.now(),
                        List.of(new HostReport.VolumeGroup("vg0", 100L << 40, 90L << 40, 4L << 20)));
                producer.send(new ProducerRecord<>(Topics.ofHost(Topics.HOST_REPORTS, host), host, MessageCodec.toJson(report)));
            }
            producer.flush();

            ServiceProcess guard = ServiceProcess.start("snapshot-guard", kafka.as(KafkaBroker.GUARD).serviceEnvironment(),
                    logDir, Duration.ofSeconds(120));
            try {
                out.putAll(measure(producer, guard));
            } finally {
                guard.close();
            }
        }
        return out;
    }

    private static String hostId(int h) {
        return String.format("guard-%03d", h);
    }

    private Map<String, Object> measure(KafkaProducer<String, String> producer, ServiceProcess guard) throws Exception {
        int count = settings.guardSnapshots;
        int seconds = settings.guardSeconds;
        Random random = new Random(42);
        List<Snapshot> snapshots = new ArrayList<>();
        int crossingCount = Math.max(1, count / 20);
        for (int i = 0; i < count; i++) {
            boolean crossing = i < crossingCount;
            // Crossing ones pass 70 % somewhere in the run, at 1 % a second; the rest fill at 0.01 % a second from 5-40 %.
            double start = crossing ? 69.0 - random.nextDouble() * Math.max(1, seconds - 5) : 5 + random.nextDouble() * 35;
            snapshots.add(new Snapshot(UUID.randomUUID(), hostId(i % HOSTS), crossing, start, crossing ? 1.0 : 0.01));
        }
        Map<UUID, Map<Double, Long>> sentAt = new ConcurrentHashMap<>();
        Map<UUID, Long> crossedAt = new ConcurrentHashMap<>();
        Map<UUID, Double> latencies = new ConcurrentHashMap<>();
        Map<String, Integer> reasons = new ConcurrentHashMap<>();
        KafkaTestClient.Tail tailer = KafkaTestClient.tail(kafka.admin(), Topics.EXTEND_REQUESTS, false,
                record -> requestSeen(record, sentAt, crossedAt, latencies, reasons));

        Properties ac = kafka.admin().properties();
        List<Map<String, Object>> samples = new ArrayList<>();
        long pid = guard.pid();
        try (Admin admin = Admin.create(ac)) {
            long baseOffsets = committed(admin);
            long baseEnd = endOffsets(admin);
            double cpu0 = Procs.cpuSeconds(pid);
            double rss0 = Procs.rssMiB(pid);
            long t0 = System.nanoTime();
            long nextSample = t0 + TimeUnit.SECONDS.toNanos(1);
            int batch = 100;
            long ticks = (long) seconds * count / batch;
            long tickNanos = TimeUnit.SECONDS.toNanos(seconds) / ticks;
            int cursor = 0;
            long sent = 0;
            for (long tick = 0; tick < ticks; tick++) {
                long due = t0 + tick * tickNanos;
                // Sleep, never spin: on a 2-core machine a spinning publisher takes a core from the guard and the broker.
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                double elapsed = (System.nanoTime() - t0) / 1e9;
                for (int k = 0; k < batch; k++) {
                    Snapshot s = snapshots.get(cursor);
                    cursor = (cursor + 1) % count;
                    double pct = s.at(elapsed);
                    SnapshotUsage usage = AgentMessages.snapshotUsage(s.id, s.host, "vg0", Instant.now(), GIB, 100 * GIB, pct);
                    long now = System.nanoTime();
                    if (s.crossing) {
                        sentAt.computeIfAbsent(s.id, x -> new ConcurrentHashMap<>()).putIfAbsent(pct, now);
                        if (pct >= 70.0) {
                            crossedAt.putIfAbsent(s.id, now);
                        }
                    }
                    producer.send(new ProducerRecord<>(Topics.SNAPSHOT_USAGE, s.id.toString(), MessageCodec.toJson(usage)));
                    sent++;
                }
                if (System.nanoTime() >= nextSample) {
                    nextSample += TimeUnit.SECONDS.toNanos(1);
                    samples.add(sample(admin, pid, t0, baseOffsets, baseEnd));
                }
            }
            producer.flush();
            double publishSeconds = (System.nanoTime() - t0) / 1e9;
            // Drain: until the guard has committed everything (or 60 s).
            long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            long lag;
            do {
                Thread.sleep(500);
                Map<String, Object> s = sample(admin, pid, t0, baseOffsets, baseEnd);
                samples.add(s);
                lag = (Long) s.get("lag");
            } while (lag > 0 && System.nanoTime() < drainDeadline);
            double drainedAt = (System.nanoTime() - t0) / 1e9;
            double cpu1 = Procs.cpuSeconds(pid);
            Thread.sleep(3000); // last requests
            tailer.close();

            Stats latency = new Stats();
            latencies.values().forEach(latency::add);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("snapshots", count);
            out.put("crossingSnapshots", crossingCount);
            out.put("publishSeconds", Stats.round(publishSeconds));
            out.put("usagesPublished", sent);
            out.put("publishRatePerSecond", Stats.round(sent / publishSeconds));
            out.put("drainedAfterSeconds", Stats.round(drainedAt));
            out.put("finalLag", lag);
            out.put("ingestRatePerSecond", Stats.round(sent / drainedAt));
            long maxLag = samples.stream().mapToLong(s -> (Long) s.get("lag")).max().orElse(0);
            out.put("maxLag", maxLag);
            out.put("extendRequestsMatched", latency.count());
            out.put("extendRequestReasons", reasons);
            out.put("latencyP50Ms", Stats.round(latency.percentile(50)));
            out.put("latencyP99Ms", Stats.round(latency.percentile(99)));
            out.put("latencyMaxMs", Stats.round(latency.percentile(100)));
            out.put("cpuSecondsDuringRun", Stats.round(cpu1 - cpu0));
            out.put("cpuCoresAverage", Stats.round((cpu1 - cpu0) / drainedAt));
            out.put("rssIdleMiB", Stats.round(rss0));
            out.put("rssMaxMiB", Stats.round(samples.stream().mapToDouble(s -> (Double) s.get("rssMiB")).max().orElse(Double.NaN)));
            out.put("samples", samples);
            return out;
        }
    }

    private Map<String, Object> sample(Admin admin, long pid, long t0, long baseCommitted, long baseEnd) throws Exception {
        Map<String, Object> s = new LinkedHashMap<>();
        long end = endOffsets(admin);
        long committed = committed(admin);
        s.put("t", Stats.round((System.nanoTime() - t0) / 1e9));
        s.put("published", end - baseEnd);
        s.put("consumed", committed - baseCommitted);
        s.put("lag", end - committed);
        s.put("cpuSeconds", Procs.cpuSeconds(pid));
        s.put("rssMiB", Stats.round(Procs.rssMiB(pid)));
        return s;
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata()
                .get(10, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.SNAPSHOT_USAGE) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    private static long endOffsets(Admin admin) throws Exception {
        int partitions = admin.describeTopics(List.of(Topics.SNAPSHOT_USAGE)).allTopicNames().get(10, TimeUnit.SECONDS)
                .get(Topics.SNAPSHOT_USAGE).partitions().size();
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            request.put(new TopicPartition(Topics.SNAPSHOT_USAGE, p), OffsetSpec.latest());
        }
        return admin.listOffsets(request).all().get(10, TimeUnit.SECONDS).values().stream().mapToLong(i -> i.offset()).sum();
    }

    /** An extend request, seen on the tail's thread: the latency of the first one per snapshot. */
    private static void requestSeen(ConsumerRecord<String, String> r, Map<UUID, Map<Double, Long>> sentAt, Map<UUID, Long> crossedAt,
            Map<UUID, Double> latencies, Map<String, Integer> reasons) {
        long now = System.nanoTime();
        SnapshotExtendRequested req = MessageCodec.fromJson(r.value(), SnapshotExtendRequested.class);
        if (latencies.containsKey(req.volumeId())) {
            return; // a retry, not the first reaction
        }
        reasons.merge(req.reason(), 1, Integer::sum);
        Map<Double, Long> sent = sentAt.get(req.volumeId());
        Long from = sent == null ? null : sent.get(req.dataPercent());
        if (from == null) {
            from = crossedAt.get(req.volumeId());
        }
        if (from != null) {
            latencies.put(req.volumeId(), (now - from) / 1e6);
        }
    }
}
