package dev.domstore.guard.messaging;

import java.time.Duration;
import java.util.OptionalInt;

import dev.domstore.common.KafkaConnection;
import dev.domstore.guard.config.GuardPolicy;

/** How a worker talks to Kafka; from {@link GuardPolicy.Messaging} and the service's {@code kafka.*} settings. */
public record WorkerSettings(KafkaConnection kafka, String groupId, OptionalInt topicPartitions, Duration requestsLookback,
        Duration hostReportsLookback, Duration publishTimeout, Duration hostReportsWait, Duration policiesWait) {

    public static WorkerSettings of(KafkaConnection kafka, GuardPolicy.Messaging messaging) {
        return new WorkerSettings(kafka, messaging.groupId(), messaging.topicPartitions(), messaging.requestsLookback(),
                messaging.hostReportsLookback(), messaging.publishTimeout(), messaging.hostReportsWait(), messaging.policiesWait());
    }

    public WorkerSettings withGroupId(String otherGroupId) {
        return new WorkerSettings(kafka, otherGroupId, topicPartitions, requestsLookback, hostReportsLookback,
                publishTimeout, hostReportsWait, policiesWait);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }
}
