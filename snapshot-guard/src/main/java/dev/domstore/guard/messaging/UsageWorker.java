package dev.domstore.guard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import dev.domstore.common.SharedTopics;
import dev.domstore.common.Topics;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.guard.domain.EngineSettings;
import dev.domstore.guard.domain.GuardEngine;
import dev.domstore.guard.domain.SnapshotObserver;
import dev.domstore.guard.domain.VolumeGroupSpaces;
import dev.domstore.guard.policy.PolicyOverrides;
import dev.domstore.guard.policy.PolicyParams;

/**
 * One guard instance's consumer of {@code domstore.snapshot-usage}, in the consumer group shared by
 * all instances, on a thread of its own. Everything happens on that thread, so a partition's state
 * is never touched by two threads and the rebalance steps happen in order:
 * <ol>
 * <li>On start: create the topics if absent (snapshot-usage and guard-policies compacted), wait until
 * the recent host reports are read (volume group free space) and the snapshots' own policies are
 * (so that a snapshot whose guard is off is not extended by a guard that has not read that yet).</li>
 * <li>On assignment of partitions (in the rebalance callback, before any record of them is handled):
 * read {@code domstore.extend-requests} up to its end (the steps every instance asked for, including
 * the previous owner, whose requests were acknowledged before it gave the partition up); rebuild the
 * partitions' state by reading them from the beginning to their end; continue live from there;
 * decide once for each rebuilt snapshot whose report is recent.</li>
 * <li>Live records: update the state and decide.</li>
 * <li>On revocation or loss: commit, forget those partitions' snapshots.</li>
 * </ol>
 * Committed offsets only show progress (the state is always rebuilt from the beginning).
 */
public final class UsageWorker implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(UsageWorker.class);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration REBUILD_TIMEOUT = Duration.ofSeconds(120);

    public enum Status {
        STARTING, RUNNING, RESTARTING, STOPPED
    }

    private final WorkerSettings settings;
    private final GuardEngine engine;
    private final RequestPublisher publisher;
    private final HostReportReader hostReports;
    private final GuardPolicyReader policies;
    private final Clock clock;
    private final Set<Integer> assigned = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rebuilds = new AtomicInteger();
    private final Map<TopicPartition, Long> committed = new HashMap<>();
    private volatile Status status = Status.STARTING;
    private volatile String problem;
    private final ConsumerThread thread;

    private UsageWorker(WorkerSettings settings, GuardEngine engine, RequestPublisher publisher, HostReportReader hostReports,
            GuardPolicyReader policies, Clock clock) {
        this.settings = settings;
        this.engine = engine;
        this.publisher = publisher;
        this.hostReports = hostReports;
        this.policies = policies;
        this.clock = clock;
        this.thread = new ConsumerThread("guard-usage-" + settings.groupId());
    }

    /**
     * A worker with its engine. {@code overrides} are the per-snapshot overrides it decides by;
     * {@code policies} is the reader that fills those of the inventory's API, waited for before the
     * first decision. {@code hostReports} and {@code policies} may be null (then no wait for them).
     */
    public static UsageWorker create(WorkerSettings settings, EngineSettings engineSettings, PolicyParams defaults,
            PolicyOverrides overrides, VolumeGroupSpaces spaces, HostReportReader hostReports, GuardPolicyReader policies,
            SnapshotObserver observer, Clock clock) {
        RequestPublisher publisher = new RequestPublisher(
                KafkaClients.producer(settings, "domstore-snapshot-guard-requests-" + KafkaClients.shortId()),
                settings.publishTimeout());
        GuardEngine engine = new GuardEngine(engineSettings, defaults, overrides, spaces, publisher, observer, clock);
        return new UsageWorker(settings, engine, publisher, hostReports, policies, clock);
    }

    public GuardEngine engine() {
        return engine;
    }

    public Status status() {
        return status;
    }

    /** The last problem, null when none. */
    public String problem() {
        return problem;
    }

    /** snapshot-usage partitions this instance owns, rebuilt and live. */
    public Set<Integer> assignedPartitions() {
        return new TreeSet<>(assigned);
    }

    /** How many assignments have been rebuilt so far. */
    public int rebuilds() {
        return rebuilds.get();
    }

    public void start() {
        thread.start(this::run);
    }

    private void run() {
        while (thread.running()) {
            try {
                session();
            } catch (WakeupException e) {
                if (!thread.running()) {
                    break;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException e) {
                if (!thread.running()) {
                    break;
                }
                problem = e.toString();
                status = Status.RESTARTING;
                LOG.errorf(e, "The snapshot-usage worker failed; it forgets its state and starts over in 5 s");
                engine.forgetAll();
                assigned.clear();
                thread.pause(Duration.ofSeconds(5));
            }
        }
        status = Status.STOPPED;
    }

    private void session() throws InterruptedException {
        ensureTopics();
        publisher.warmUp();
        if (hostReports != null && !hostReports.awaitReady(settings.hostReportsWait())) {
            LOG.warnf("The recent host reports were not read within %s: deciding without the volume groups' free space "
                    + "until they are", settings.hostReportsWait());
        }
        if (policies != null && !policies.awaitReady(settings.policiesWait())) {
            LOG.warnf("The snapshots' own policies (%s) were not read within %s: deciding by the global policy until they are",
                    Topics.GUARD_POLICIES, settings.policiesWait());
        }
        String id = KafkaClients.shortId();
        try (KafkaConsumer<String, String> c = KafkaClients.groupConsumer(settings, "domstore-snapshot-guard-usage-" + id);
                ExtendRequestTailer tailer = new ExtendRequestTailer(
                        KafkaClients.reader(settings, "domstore-snapshot-guard-ledger-" + id), settings.requestsLookback(), clock);
                UsageRebuilder rebuilder = new UsageRebuilder(KafkaClients.reader(settings, "domstore-snapshot-guard-rebuild-" + id),
                        clock)) {
            thread.polling(c);
            committed.clear();
            c.subscribe(List.of(Topics.SNAPSHOT_USAGE), new Rebalance(c, tailer, rebuilder));
            status = Status.RUNNING;
            problem = null;
            try {
                while (thread.running()) {
                    for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                        if (!assigned.contains(record.partition())) {
                            continue;
                        }
                        SnapshotUsage usage = UsageRecords.parse(record);
                        if (usage != null || record.value() == null) {
                            engine.live(record.partition(), UsageRecords.key(record), usage);
                        }
                    }
                    commitProgress(c, false);
                }
            } finally {
                if (!thread.running()) {
                    commitProgress(c, true);
                }
                thread.polling(null);
            }
        }
    }

    private void ensureTopics() throws InterruptedException {
        boolean warned = false;
        while (thread.running()) {
            try (Admin admin = KafkaClients.admin(settings)) {
                SharedTopics.ensure(admin, SharedTopics.GUARD, settings.topicPartitions()).forEach(LOG::warn);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                problem = "cannot reach Kafka at " + settings.bootstrapServers() + ": " + e;
                if (!warned) {
                    LOG.warnf("Cannot check the guard's topics (%s); retrying every 5 s", e.toString());
                    warned = true;
                }
                thread.pause(Duration.ofSeconds(5));
            }
        }
    }

    private void commitProgress(KafkaConsumer<String, String> c, boolean sync) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : c.assignment()) {
            if (!assigned.contains(partition.partition())) {
                continue;
            }
            long position = c.position(partition);
            Long last = committed.get(partition);
            if (last == null || last != position) {
                offsets.put(partition, new OffsetAndMetadata(position));
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            if (sync) {
                c.commitSync(offsets, Duration.ofSeconds(5));
            } else {
                c.commitAsync(offsets, (done, error) -> {
                    if (error != null) {
                        LOG.debugf("Committing %s failed: %s", done, error.toString());
                    }
                });
            }
            offsets.forEach((partition, offset) -> committed.put(partition, offset.offset()));
        } catch (RuntimeException e) {
            if (e instanceof WakeupException) {
                throw e;
            }
            LOG.debugf("Committing %s failed: %s", offsets, e.toString());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> consumer;
        private final ExtendRequestTailer tailer;
        private final UsageRebuilder rebuilder;

        Rebalance(KafkaConsumer<String, String> consumer, ExtendRequestTailer tailer, UsageRebuilder rebuilder) {
            this.consumer = consumer;
            this.tailer = tailer;
            this.rebuilder = rebuilder;
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            int requests = tailer.catchUp(engine, CATCH_UP_TIMEOUT);
            Map<TopicPartition, Long> reached = rebuilder.rebuild(partitions, engine, REBUILD_TIMEOUT);
            reached.forEach(consumer::seek);
            List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
            assigned.addAll(numbers);
            engine.rebuildDone(numbers);
            rebuilds.incrementAndGet();
            LOG.infof("Assigned %s partitions %s: %d extend requests read (%d steps outstanding), now watching %d snapshots",
                    Topics.SNAPSHOT_USAGE, new TreeSet<>(numbers), requests, engine.ledgerSize(), engine.snapshots().size());
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            for (TopicPartition partition : partitions) {
                if (assigned.contains(partition.partition())) {
                    offsets.put(partition, new OffsetAndMetadata(consumer.position(partition)));
                }
            }
            try {
                if (!offsets.isEmpty()) {
                    consumer.commitSync(offsets, Duration.ofSeconds(5));
                }
            } catch (RuntimeException e) {
                LOG.debugf("Committing revoked partitions %s failed: %s", partitions, e.toString());
            }
            forget(partitions, "revoked");
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            forget(partitions, "lost");
        }

        private void forget(Collection<TopicPartition> partitions, String how) {
            List<Integer> numbers = partitions.stream().map(TopicPartition::partition).toList();
            assigned.removeAll(numbers);
            partitions.forEach(committed::remove);
            engine.dropPartitions(numbers);
            LOG.infof("Partitions %s of %s %s: now watching %d snapshots", new TreeSet<>(numbers), Topics.SNAPSHOT_USAGE, how,
                    engine.snapshots().size());
        }
    }

    @Override
    public void close() {
        thread.stop();
        publisher.close();
        engine.forgetAll();
    }
}
