package dev.domstore.inventory.messaging;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

import dev.domstore.common.events.Actor;
import dev.domstore.inventory.config.InventoryConfig;
import dev.domstore.inventory.domain.OutboxMessage;
import dev.domstore.inventory.security.Actors;

/**
 * Publishes outbox rows to Kafka in the order they were written: send a batch, wait for the
 * broker's acknowledgement of every record, then mark the rows published, all in one transaction.
 * A transaction-scoped PostgreSQL advisory lock lets only one inventory instance relay at a time,
 * which keeps the per-key order. If Kafka is away, rows wait and are published once it is back;
 * a crash between acknowledgement and commit republishes a batch, which idempotent consumers absorb.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant unique to this use; "domstore" in ASCII. */
    private static final long RELAY_LOCK_KEY = 0x646f6d73746f7265L;

    @Inject
    InventoryConfig config;
    @Inject
    EntityManager entityManager;
    @Inject
    Event<OutboxPublished> published;
    @Inject
    MeterRegistry metrics;
    @Inject
    KafkaClientSettings kafka;

    private final Semaphore wakeUps = new Semaphore(0);
    private volatile boolean running;
    private Thread worker;
    private KafkaProducer<String, String> producer;

    void start(@Observes StartupEvent startup) {
        Properties producerConfig = kafka.forClient("domstore-inventory-outbox");
        producerConfig.put(ProducerConfig.ACKS_CONFIG, "all");
        producerConfig.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        producerConfig.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) config.outbox().sendTimeout().toMillis());
        producerConfig.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) config.outbox().sendTimeout().toMillis());
        producerConfig.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) config.outbox().sendTimeout().toMillis() * 2);
        producer = new KafkaProducer<>(producerConfig, new StringSerializer(), new StringSerializer());
        metrics.gauge("domstore_outbox_unpublished", this, relay -> relay.unpublishedCount());

        running = true;
        worker = new Thread(this::relayLoop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (worker != null) {
            worker.interrupt();
            try {
                worker.join(TimeUnit.SECONDS.toMillis(15));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
    }

    /** Called after a transaction that wrote outbox rows has committed. */
    public void wakeUp() {
        wakeUps.release();
    }

    private void relayLoop() {
        boolean failing = false;
        while (running) {
            try {
                wakeUps.tryAcquire(config.outbox().pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeUps.drainPermits();
                int sent;
                do {
                    sent = QuarkusTransaction.requiringNew().call(this::publishBatch);
                } while (sent == config.outbox().batchSize() && running);
                if (failing) {
                    LOG.info("Outbox relay: publishing again");
                    failing = false;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                if (!failing) {
                    LOG.warnf("Outbox relay: cannot publish (%s); rows stay in the outbox and are retried every %s",
                            rootMessage(e), config.outbox().pollInterval());
                    failing = true;
                }
            }
        }
    }

    /** One transaction: lock, read a batch, send it, wait for every ack, mark it published. */
    private int publishBatch() throws Exception {
        Boolean mine = (Boolean) entityManager.createNativeQuery("SELECT pg_try_advisory_xact_lock(?1)")
                .setParameter(1, RELAY_LOCK_KEY)
                .getSingleResult();
        if (!mine) {
            return 0;
        }
        List<OutboxMessage> batch = OutboxMessage.nextUnpublished(config.outbox().batchSize());
        if (batch.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        for (OutboxMessage row : batch) {
            ProducerRecord<String, String> record = new ProducerRecord<>(row.topic, row.messageKey, row.payload);
            record.headers().add("domstore-type", row.messageType.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            acks.add(producer.send(record));
        }
        long deadline = System.nanoTime() + config.outbox().sendTimeout().toNanos();
        for (Future<RecordMetadata> ack : acks) {
            ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        List<Long> ids = batch.stream().map(row -> row.id).toList();
        OutboxMessage.update("publishedAt = ?1 where id in ?2", Instant.now(), ids);
        Actors.as(Actor.INVENTORY, () -> published.fire(new OutboxPublished(batch.stream()
                .map(row -> new OutboxPublished.Message(row.messageType, row.aggregateId))
                .toList())));
        return batch.size();
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    @Transactional
    void purgePublished() {
        long purged = OutboxMessage.delete("publishedAt < ?1", Instant.now().minus(config.outbox().retention()));
        if (purged > 0) {
            LOG.infof("Outbox: purged %d rows published before the %s retention", purged, config.outbox().retention());
        }
    }

    private double unpublishedCount() {
        try {
            return QuarkusTransaction.requiringNew().call(OutboxMessage::countUnpublished);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
