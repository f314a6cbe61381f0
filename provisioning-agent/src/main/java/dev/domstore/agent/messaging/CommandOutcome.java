package dev.domstore.agent.messaging;

import dev.domstore.common.messages.CommandResult;

/**
 * What carrying out a command gave: the result to publish, and whether the host changed
 * (then a fresh host report follows right away).
 */
public record CommandOutcome(CommandResult result, boolean hostChanged) {
}
