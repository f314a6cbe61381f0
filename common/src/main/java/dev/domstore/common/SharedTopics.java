package dev.domstore.common;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The topics every host shares, made before they are read or written, each as it must be:
 * {@code domstore.snapshot-usage} compacted (the last report of each snapshot is its state, and the
 * guard rebuilds from it), {@code domstore.guard-policies} compacted (the last record of each
 * snapshot is its own policy, kept for as long as it is in force), {@code domstore.extend-requests}
 * with the broker's defaults. The guard makes all three (hosts may not make topics); the inventory
 * makes the policies it publishes. An existing topic is left as it is; a compacted one that is not is
 * reported, with the command that fixes it.
 */
public final class SharedTopics {
    /** The snapshot-guard's topics. */
    public static final List<String> GUARD = List.of(Topics.SNAPSHOT_USAGE, Topics.GUARD_POLICIES, Topics.EXTEND_REQUESTS);

    /** What is lost when a topic that must be compacted is not. */
    private static final Map<String, String> COMPACTED = Map.of(
            Topics.SNAPSHOT_USAGE, "the guard still works, but rebuilding its state reads every report ever kept",
            Topics.GUARD_POLICIES, "snapshots' own policies older than its retention are lost, and the guard falls back to the global "
                    + "policy for them");
    private static final long TIMEOUT_SECONDS = 15;

    private SharedTopics() {
    }

    /**
     * Makes those of {@code topics} that are missing, usage and extend requests with {@code partitions}
     * (the broker's default when empty); returns a warning for each existing one that should be compacted
     * and is not.
     */
    public static List<String> ensure(Admin admin, Collection<String> topics, OptionalInt partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        List<String> warnings = new ArrayList<>();
        for (String topic : topics) {
            if (!existing.contains(topic)) {
                create(admin, definition(topic, partitions));
            } else if (COMPACTED.containsKey(topic)) {
                warnUnlessCompacted(admin, topic).ifPresent(warnings::add);
            }
        }
        return warnings;
    }

    private static NewTopic definition(String topic, OptionalInt partitions) {
        Optional<Integer> count = partitions.isPresent() && !topic.equals(Topics.GUARD_POLICIES) ? Optional.of(partitions.getAsInt())
                : Optional.empty();
        NewTopic definition = new NewTopic(topic, count, Optional.empty());
        return COMPACTED.containsKey(topic)
                ? definition.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))
                : definition;
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // another service was quicker
        }
    }

    private static Optional<String> warnUnlessCompacted(Admin admin, String topic)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? "" : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            return Optional.empty();
        }
        return Optional.of("Topic " + topic + " has cleanup.policy=" + policy + ", not compact: " + COMPACTED.get(topic)
                + ". Fix: kafka-configs.sh --bootstrap-server ... --alter --entity-type topics --entity-name " + topic
                + " --add-config cleanup.policy=compact");
    }
}
