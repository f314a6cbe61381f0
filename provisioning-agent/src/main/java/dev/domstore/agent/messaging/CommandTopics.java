package dev.domstore.agent.messaging;

import java.util.Map;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.smallrye.common.annotation.Identifier;

import dev.domstore.agent.host.Hosts;
import dev.domstore.common.Topics;

/**
 * The commands channel reads the commands topic of each of this agent's hosts, and no other: one in
 * real mode, one per simulated host otherwise, with a long wait at the broker when there is none. The
 * Kafka connector takes a channel's settings from the map named after it, under those of application.properties.
 */
@ApplicationScoped
public class CommandTopics {
    @Produces
    @Identifier(Channels.COMMANDS)
    Map<String, Object> commands(Hosts hosts) {
        return Map.of("topics", hosts.ids().stream().map(host -> Topics.ofHost(Topics.COMMANDS, host)).collect(Collectors.joining(",")),
                "fetch.max.wait.ms", Topics.COMMANDS_FETCH_MAX_WAIT_MS);
    }
}
