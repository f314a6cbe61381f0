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

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads every partition of one topic on its own thread, without a consumer group, as each guard
 * instance must for what concerns every snapshot (host reports, snapshot policies). On start it
 * reads what is there (from where the {@link Handler} seeks) up to the ends the partitions had
 * then, tells the handler it caught up and opens {@link #awaitReady}; then it follows the topic,
 * picking up partitions added later from their beginning. A topic that does not exist yet (nothing
 * was ever published) counts as caught up. After a failure it starts over on a new consumer, and
 * the handler hears {@link Handler#starting()} again.
 */
final class TopicFollower implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(TopicFollower.class);
    private static final Duration REFRESH = Duration.ofSeconds(30);
    private static final Duration DISCOVER = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofSeconds(5);

    /** What is done with the topic; every call comes from the follower's thread. */
    interface Handler {
        /** Reading starts (again): before the first seek and record. */
        void starting();

        /** Positions the partitions found at start; the follower reads from there to their current ends. */
        void seekInitial(KafkaConsumer<String, String> consumer, List<TopicPartition> partitions);

        void accept(ConsumerRecord<String, String> record);

        /** What was there at start has been read (or there was nothing). */
        void caughtUp();
    }

    private final String topic;
    private final WorkerSettings settings;
    private final Clock clock;
    private final Handler handler;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final ConsumerThread thread;

    /** {@code name}: of the thread, and the prefix of the consumer's client id. */
    TopicFollower(String topic, String name, WorkerSettings settings, Clock clock, Handler handler) {
        this.topic = topic;
        this.settings = settings;
        this.clock = clock;
        this.handler = handler;
        this.thread = new ConsumerThread(name);
    }

    void start() {
        thread.start(this::run);
    }

    /** Waits until the topic was first read up to where it was at start; false on timeout. */
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
                LOG.warnf("Reading %s failed (%s); starting over in %d s", topic, e.toString(), RETRY.toSeconds());
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
                // Until the topic exists, look again soon.
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
        List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        List<TopicPartition> added = new ArrayList<>();
        for (PartitionInfo info : infos == null ? List.<PartitionInfo>of() : infos) {
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
