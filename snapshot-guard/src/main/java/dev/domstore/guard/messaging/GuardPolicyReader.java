package dev.domstore.guard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotGuardPolicy;
import dev.domstore.guard.domain.SnapshotPolicies;
import dev.domstore.guard.policy.PolicyOverride;

/**
 * Follows {@code domstore.guard-policies}, the snapshots' own policies from the inventory, into
 * {@link SnapshotPolicies}. Every guard instance reads every partition: any snapshot may come to be
 * watched by any instance. On start (and whenever it starts over after a failure) it reads the
 * compacted topic from the beginning to its end into a fresh map and installs it at once; the
 * worker waits for that ({@link #awaitReady}) before it decides anything, so that a snapshot whose
 * guard is off is never extended by a guard that has not read its policy yet. Then it follows the
 * topic.
 */
public final class GuardPolicyReader implements AutoCloseable, TopicFollower.Handler {
    private static final Logger LOG = Logger.getLogger(GuardPolicyReader.class);

    private final SnapshotPolicies policies;
    private final AtomicLong records = new AtomicLong();
    private final TopicFollower follower;
    /** The policies being read from the beginning; null once installed. Touched only by the follower's thread. */
    private Map<UUID, PolicyOverride> building;

    public GuardPolicyReader(WorkerSettings settings, SnapshotPolicies policies, Clock clock) {
        this.policies = policies;
        this.follower = new TopicFollower(Pattern.compile(Pattern.quote(Topics.GUARD_POLICIES)), "guard-policies", settings, clock, this);
    }

    public void start() {
        follower.start();
    }

    /** Waits until the topic has been read to its end once (or found absent); false on timeout. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return follower.awaitReady(timeout);
    }

    public boolean ready() {
        return follower.ready();
    }

    /** Records read so far (all of them, rebuilt and live). */
    public long recordsRead() {
        return records.get();
    }

    public SnapshotPolicies policies() {
        return policies;
    }

    @Override
    public void starting() {
        building = policies.newBuild();
    }

    @Override
    public void seekInitial(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions) {
        consumer.seekToBeginning(partitions); // compacted: the beginning holds every snapshot's last word
    }

    @Override
    public void accept(ConsumerRecord<String, String> record) {
        records.incrementAndGet();
        UUID key = key(record);
        SnapshotGuardPolicy policy = null;
        if (record.value() != null) {
            try {
                policy = MessageCodec.fromJson(record.value(), SnapshotGuardPolicy.class);
            } catch (MalformedMessageException e) {
                LOG.warnf("Skipping a malformed record on %s-%d at offset %d: %s", record.topic(), record.partition(), record.offset(),
                        e.getMessage());
                return;
            }
        }
        if (building != null) {
            policies.apply(building, key, policy, false);
        } else {
            policies.apply(key, policy);
        }
    }

    @Override
    public void caughtUp() {
        policies.install(building);
        building = null;
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
        follower.close();
    }
}
