package dev.domstore.inventory.messaging;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import io.smallrye.common.annotation.Identifier;

import dev.domstore.common.Topics;

/**
 * The topics of the channels that read what hosts send: every host's topic of a family, by the
 * pattern of {@link Topics#everyHost}, so the pattern is written once. The Kafka connector takes a
 * channel's settings from the map named after it, under those of application.properties. A newly
 * enrolled host's topics are found within the metadata refresh set here.
 */
@ApplicationScoped
public class PerHostChannels {
    private static final int NEW_TOPICS_FOUND_WITHIN_MS = 2000;

    @Produces
    @Identifier(Channels.RESULTS)
    Map<String, Object> results() {
        return everyHost(Topics.RESULTS);
    }

    @Produces
    @Identifier(Channels.HOST_REPORTS)
    Map<String, Object> hostReports() {
        return everyHost(Topics.HOST_REPORTS);
    }

    @Produces
    @Identifier(Channels.EXPORT_REPORTS)
    Map<String, Object> exportReports() {
        return everyHost(Topics.EXPORT_REPORTS);
    }

    private static Map<String, Object> everyHost(String family) {
        return Map.of("topic", Topics.everyHost(family).pattern(), "pattern", true, "metadata.max.age.ms", NEW_TOPICS_FOUND_WITHIN_MS);
    }
}
