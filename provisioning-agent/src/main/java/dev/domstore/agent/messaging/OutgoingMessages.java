package dev.domstore.agent.messaging;

import org.eclipse.microprofile.reactive.messaging.Message;

import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.Versioned;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Messages as the agent publishes them: the common JSON form, with the Kafka key the topic is partitioned by. */
public final class OutgoingMessages {
    private OutgoingMessages() {
    }

    public static Message<String> keyed(String key, Versioned payload) {
        return Message.of(MessageCodec.toJson(payload))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }

    /** On {@code topic} rather than the channel's: a host's own topic, such as {@code domstore.results.<host>}. */
    public static Message<String> keyed(String topic, String key, Versioned payload) {
        return Message.of(MessageCodec.toJson(payload))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withTopic(topic).withKey(key).build());
    }
}
