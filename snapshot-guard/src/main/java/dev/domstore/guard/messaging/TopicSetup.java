package dev.domstore.guard.messaging;

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
import org.jboss.logging.Logger;

import dev.domstore.common.Topics;

/**
 * Makes sure the guard's topics exist before it reads them: {@code domstore.snapshot-usage}
 * compacted (the last report of each snapshot is its state, and the guard rebuilds from it),
 * {@code domstore.guard-policies} compacted (the last record of each snapshot is its own policy,
 * kept for as long as it is in force; the inventory creates it too), and
 * {@code domstore.extend-requests} with the broker's defaults. An existing topic is left as it is;
 * a compacted one that is not is reported, with the command that fixes it.
 */
final class TopicSetup {
    private static final Logger LOG = Logger.getLogger(TopicSetup.class);

    private TopicSetup() {
    }

    static void ensureTopics(Admin admin, OptionalInt partitions) throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(15, TimeUnit.SECONDS);
        Optional<Integer> count = partitions.isPresent() ? Optional.of(partitions.getAsInt()) : Optional.empty();
        if (!existing.contains(Topics.SNAPSHOT_USAGE)) {
            create(admin, new NewTopic(Topics.SNAPSHOT_USAGE, count, Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        } else {
            checkCompacted(admin, Topics.SNAPSHOT_USAGE, "the guard still works, but rebuilding its state reads every report ever kept");
        }
        if (!existing.contains(Topics.GUARD_POLICIES)) {
            create(admin, new NewTopic(Topics.GUARD_POLICIES, Optional.empty(), Optional.empty())
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT)));
        } else {
            checkCompacted(admin, Topics.GUARD_POLICIES, "snapshots' own policies older than its retention are lost, and the guard "
                    + "falls back to the global policy for them");
        }
        if (!existing.contains(Topics.EXTEND_REQUESTS)) {
            create(admin, new NewTopic(Topics.EXTEND_REQUESTS, count, Optional.empty()));
        }
    }

    private static void create(Admin admin, NewTopic topic) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(15, TimeUnit.SECONDS);
            LOG.infof("Created topic %s (%s)", topic.name(), topic.configs() == null ? "broker defaults" : topic.configs());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
            // another instance (or an agent's producer) was quicker
        }
    }

    private static void checkCompacted(Admin admin, String topic, String consequence)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(List.of(resource)).all().get(15, TimeUnit.SECONDS).get(resource);
        String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? "" : config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            LOG.warnf("Topic %s has cleanup.policy=%s, not compact: %s. Fix: kafka-configs.sh --bootstrap-server ... --alter "
                    + "--entity-type topics --entity-name %s --add-config cleanup.policy=compact", topic, policy, consequence, topic);
        }
    }
}
