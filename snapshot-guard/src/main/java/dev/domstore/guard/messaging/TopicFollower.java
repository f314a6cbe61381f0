package dev.domstore.guard.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads every partition of the topics of a pattern (one topic, or every host's topic of a family) on
 * its own thread, without a consumer group, as each guard instance must for what concerns every
 * snapshot (host reports, snapshot policies). On start it reads what is there (from where the
 * {@link Handler} seeks) up to the ends the partitions had then, tells the handler it caught up and
 * opens {@link #awaitReady}; then it follows the topics, picking up partitions and topics added later
 * (a host enrolled since) from their beginning. No topic yet (nothing was ever published) counts as
 * caught up. After a failure it starts over on a new consumer, and
 * the handler hears {@link Handler#starting()} again.
 */
final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    /** How soon a host enrolled since (its reports topic) or a partition added is found. */
    private static final Duration REFRESH = Duration.ofSeconds(5);
    private static final Duration DISCOVER = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofSeconds(5);

    /** What is done with the records; every call comes from the follower's thread. */
    interface Handler {
        /** Reading starts (again): before the first seek and record. */
        void starting();

        /** Positions the partitions found at start; the follower reads from there to their current ends. */
        void seekInitial(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions);

        void accept(ConsumerRecord<String, String> record);

        /** What was there at start has been read (or there was nothing). */
        void caughtUp();
    }

    private final Pattern topics;
    private final WorkerSettings settings;
    private final Clock clock;
    private final Handler handler;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final ConsumerThread thread;

    /** {@code name}: of the thread, and the prefix of the consumer's client id. */
    TopicFollower(Pattern topics, String name, WorkerSettings settings, Clock clock, Handler handler) {
        this.topics = topics;
        this.settings = settings;
        this.clock = clock;
        this.handler = handler;
        this.thread = new ConsumerThread(name);
    }

    void start() {
        thread.start(this::run);
    }

    /** Waits until the topics were first read up to where they were at start; false on timeout. */
    boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    boolean ready() {
        return ready.getCount() == 0;
    }

    private void run() {
        while (thread.running()) {
            try (KafkaConsumer<String, String> c = KafkaClients.reader(settings, thread.name() + "-" + KafkaClients.shortId())) {
                thread.polling(c);
                follow(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                if (!thread.running()) {
                    return;
                }
                LOG.warnf("Reading %s failed (%s); starting over in %d s", topics, e.toString(), RETRY.toSeconds());
                thread.pause(RETRY);
            }
        }
    }

    private void follow(KafkaConsumer<String, String> c) {
        handler.starting();
        Set<TopicPartition> assigned = new HashSet<>();
        boolean caughtUp = false;
        Map<TopicPartition, Long> initialEnds = null;
        Instant nextRefresh = Instant.MIN;
        while (thread.running()) {
            if (clock.instant().isAfter(nextRefresh)) {
                List<TopicPartition> added = discover(c, assigned);
                if (!added.isEmpty()) {
                    c.assign(assigned);
                    if (initialEnds == null && !caughtUp) {
                        handler.seekInitial(c, added);
                        initialEnds = c.endOffsets(added);
                    } else {
                        c.seekToBeginning(added); // new since the start: everything in them is new too
                    }
                }
                if (assigned.isEmpty() && !caughtUp) {
                    caughtUp = caughtUp();
                }
                // Until a topic exists, look again soon.
                nextRefresh = clock.instant().plus(assigned.isEmpty() ? DISCOVER : REFRESH);
            }
            if (assigned.isEmpty()) {
                thread.pause(Duration.ofSeconds(1));
                continue;
            }
            for (ConsumerRecord<String, String> record : c.poll(Duration.ofMillis(500))) {
                handler.accept(record);
            }
            if (!caughtUp && initialEnds.entrySet().stream().allMatch(end -> c.position(end.getKey()) >= end.getValue())) {
                caughtUp = caughtUp();
            }
        }
    }

    private boolean caughtUp() {
        handler.caughtUp();
        ready.countDown();
        return true;
    }

    private List<TopicPartition> discover(KafkaConsumer<String, String> c, Set<TopicPartition> assigned) {
        List<TopicPartition> added = new ArrayList<>();
        List<PartitionInfo> infos = c.listTopics(Duration.ofSeconds(10)).entrySet().stream()
                .filter(topic -> topics.matcher(topic.getKey()).matches())
                .flatMap(topic -> topic.getValue().stream()).toList();
        for (PartitionInfo info : infos) {
            TopicPartition partition = new TopicPartition(info.topic(), info.partition());
            if (assigned.add(partition)) {
                added.add(partition);
            }
        }
        return added;
    }

    @Override
    public void close() {
        thread.stop();
    }
}
