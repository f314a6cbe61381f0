package dev.domstore.nfs.messaging;

import org.eclipse.microprofile.reactive.messaging.Message;

import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.Versioned;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;

/** Messages as the nfs-service publishes them: the common JSON form, with the Kafka key the topic is partitioned by. */
public final class OutgoingMessages {
    private OutgoingMessages() {
    }

    public static Message<String> keyed(String key, Versioned payload) {
        return Message.of(MessageCodec.toJson(payload))
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(key).build());
    }
}
