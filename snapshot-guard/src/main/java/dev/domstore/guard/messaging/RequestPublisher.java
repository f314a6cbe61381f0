package dev.domstore.guard.messaging;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import dev.domstore.common.Topics;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotExtendRequested;
import dev.domstore.guard.domain.GuardEngine;

/**
 * Publishes {@code SnapshotExtendRequested} on {@code domstore.extend-requests}, keyed by volume id,
 * and waits for the broker's acknowledgement before the engine records the step as asked for.
 * Waiting matters for rebalances: by the time this instance has given up a partition, its requests
 * are on the topic, where the next owner reads them.
 */
final class RequestPublisher implements GuardEngine.RequestSink, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(RequestPublisher.class);

    private final KafkaProducer<String, String> producer;
    private final Duration timeout;

    RequestPublisher(KafkaProducer<String, String> producer, Duration timeout) {
        this.producer = producer;
        this.timeout = timeout;
    }

    /** Fetches the topic's metadata now, so that the first request does not wait for it. */
    void warmUp() {
        try {
            producer.partitionsFor(Topics.EXTEND_REQUESTS);
        } catch (RuntimeException e) {
            LOG.debugf("Could not warm up the producer: %s", e.toString());
        }
    }

    @Override
    public boolean publish(SnapshotExtendRequested request) {
        try {
            producer.send(new ProducerRecord<>(Topics.EXTEND_REQUESTS, request.volumeId().toString(), MessageCodec.toJson(request)))
                    .get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warnf("Cannot publish %s for volume %s: %s", request.getClass().getSimpleName(), request.volumeId(),
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
