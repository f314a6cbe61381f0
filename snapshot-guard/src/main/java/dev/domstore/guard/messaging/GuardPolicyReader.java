package dev.domstore.guard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.guard.domain.SnapshotPolicies;
import dev.domstore.guard.policy.PolicyOverride;

/**
 * Follows {@code domstore.guard-policies}, the snapshots' own policies from the inventory, into
 * {@link SnapshotPolicies}. Every guard instance reads every partition (no consumer group): any
 * snapshot may come to be watched by any instance. On start (and whenever it starts over after a
 * failure) it reads the compacted topic from the beginning to its end into a fresh map and installs
 * it at once; the worker waits for that ({@link #awaitReady}) before it decides anything, so that a
 * snapshot whose guard is off is never extended by a guard that has not read its policy yet. Then it
 * follows the topic.
 */
public final class GuardPolicyReader implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(GuardPolicyReader.class);
    private static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Duration DISCOVER = Duration.ofSeconds(2);

    private final WorkerSettings settings;
    private final SnapshotPolicies policies;
    private final Clock clock;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final AtomicLong records = new AtomicLong();
    private final ConsumerThread thread = new ConsumerThread("guard-policies");

    public GuardPolicyReader(WorkerSettings settings, SnapshotPolicies policies, Clock clock) {
        this.settings = settings;
        this.policies = policies;
        this.clock = clock;
    }

    public void start() {
        thread.start(this::run);
    }

    /** Waits until the topic has been read to its end once (or found absent); false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean ready() {
        return ready.getCount() == 0;
    }

    /** Records read so far (all of them, rebuilt and live). */
    public long recordsRead() {
        return records.get();
    }

    public SnapshotPolicies policies() {
        return policies;
    }

    private void run() {
        while (thread.running()) {
            try (KafkaConsumer<String, String> c = KafkaClients.reader(settings, "domstore-snapshot-guard-policies-" + KafkaClients.shortId())) {
                thread.polling(c);
                follow(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!thread.running()) {
                    return;
                }
                LOG.warnf("Reading %s failed (%s); starting over in 5 s", Topics.GUARD_POLICIES, e.toString());
                thread.pause(Duration.ofSeconds(5));
            }
        }
    }

    private void follow(KafkaConsumer<String, String> c) {
        Set<TopicPartition> assigned = new HashSet<>();
        Map<UUID, PolicyOverride> building = policies.newBuild();
        Map<TopicPartition, Long> ends = null;
        Instant nextRefresh = Instant.MIN;
        while (thread.running()) {
            if (clock.instant().isAfter(nextRefresh)) {
                List<TopicPartition> added = discover(c, assigned);
                if (!added.isEmpty()) {
                    c.assign(assigned);
                    c.seekToBeginning(added); // compacted: the beginning holds every snapshot's last word
                    if (building != null) {
                        ends = c.endOffsets(assigned);
                    }
                }
                if (assigned.isEmpty() && building != null) {
                    // No policy was ever published (the topic is made with the first): nothing to wait for.
                    policies.install(building);
                    building = null;
                    ready.countDown();
                }
                nextRefresh = clock.instant().plus(assigned.isEmpty() ? DISCOVER : REFRESH);
            }
            if (assigned.isEmpty()) {
                thread.pause(Duration.ofSeconds(1));
                continue;
            }
            for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                records.incrementAndGet();
                UUID key = key(record);
                SnapshotGuardPolicy policy = null;
                if (record.value() != null) {
                    try {
                        policy = MessageCodec.fromJson(record.value(), SnapshotGuardPolicy.class);
                    } catch (MalformedMessageException e) {
                        LOG.warnf("Skipping a malformed record on %s-%d at offset %d: %s", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                        continue;
                    }
                }
                if (building != null) {
                    policies.apply(building, key, policy, false);
                } else {
                    policies.apply(key, policy);
                }
            }
            if (building != null && ends != null) {
                Map<TopicPartition, Long> target = ends;
                if (target.entrySet().stream().allMatch(end -> c.position(end.getKey()) >= end.getValue())) {
                    policies.install(building);
                    building = null;
                    ready.countDown();
                }
            }
        }
    }

    private static List<TopicPartition> discover(KafkaConsumer<String, String> c, Set<TopicPartition> assigned) {
        List<PartitionInfo> infos = c.partitionsFor(Topics.GUARD_POLICIES, Duration.ofSeconds(10));
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (assigned.add(partition)) {
                added.add(partition);
            }
        }
        return added;
    }

    private static UUID key(ConsumerRecord<String, String> record) {
        try {
            return record.key() == null ? null : UUID.fromString(record.key());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public void close() {
        thread.stop();
    }
}
