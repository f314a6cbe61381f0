package dev.domstore.inventory.messaging;

import java.util.List;

/**
 * Fired synchronously inside the relay's transaction once the broker has acknowledged a batch,
 * so that state which depends on "the message is out" changes in the same commit.
 */
public record OutboxPublished(List<Message> messages) {
    public record Message(String type, String aggregateId) {
    }
}
