package dev.domstore.guard.messaging;

import java.time.Duration;
import java.util.OptionalInt;

import dev.domstore.guard.config.GuardPolicy;

/** How a worker talks to Kafka; from {@link GuardPolicy.Messaging} and {@code kafka.bootstrap.servers}. */
public record WorkerSettings(String bootstrapServers, String groupId, OptionalInt topicPartitions, Duration requestsLookback,
        Duration hostReportsLookback, Duration publishTimeout, Duration hostReportsWait, Duration policiesWait) {

    public static WorkerSettings of(String bootstrapServers, GuardPolicy.Messaging messaging) {
        return new WorkerSettings(bootstrapServers, messaging.groupId(), messaging.topicPartitions(), messaging.requestsLookback(),
                messaging.hostReportsLookback(), messaging.publishTimeout(), messaging.hostReportsWait(), messaging.policiesWait());
    }

    public WorkerSettings withGroupId(String otherGroupId) {
        return new WorkerSettings(bootstrapServers, otherGroupId, topicPartitions, requestsLookback, hostReportsLookback,
                publishTimeout, hostReportsWait, policiesWait);
    }
}
