package dev.domstore.guard.messaging;

import java.time.Duration;

import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * The thread a guard reader of Kafka runs on, and how it is stopped: a flag its loops check, a
 * wakeup of the consumer it is polling (so a blocked poll ends at once), and a bounded join that
 * interrupts a thread still busy after it. Shared by {@link TopicFollower} and {@link UsageWorker}.
 */
final class ConsumerThread {
    private static final Duration JOIN = Duration.ofSeconds(10);
    private static final Duration JOIN_AFTER_INTERRUPT = Duration.ofSeconds(5);

    private final String name;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;

    ConsumerThread(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    /** Runs {@code body} on a daemon thread; {@code body} loops while {@link #running()}. */
    void start(Runnable body) {
        running = true;
        thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** False once {@link #stop()} was called or the thread was interrupted while pausing. */
    boolean running() {
        return running;
    }

    /** The consumer {@link #stop()} wakes up; null when none is polling. */
    void polling(KafkaConsumer<String, String> current) {
        consumer = current;
    }

    /** Waits before trying again; an interrupt ends the loop. */
    void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** Ends the loop and waits for the thread; one still busy after the join is interrupted. */
    void stop() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            try {
                thread.join(JOIN.toMillis());
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(JOIN_AFTER_INTERRUPT.toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
