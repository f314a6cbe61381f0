package dev.domstore.inventory.messaging;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.domstore.common.Topics;

/**
 * Makes sure {@code domstore.guard-policies} exists and is compacted before the outbox publishes
 * to it: a snapshot's override is the last record of its key, kept for as long as it is in force;
 * on a topic with time-based retention it would vanish after the retention period (and a broker
 * that creates topics on first use creates them so). Created at start, in the background, retried
 * until Kafka answers; an existing topic that is not compacted is reported with the command that
 * fixes it, and left as it is.
 */
@ApplicationScoped
public class GuardPolicyTopic {
    private static final Logger LOG = Logger.getLogger(GuardPolicyTopic.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private volatile boolean running;
    private volatile boolean ready;
    private Thread thread;

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::ensureLoop, "guard-policy-topic");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** True once the topic is known to exist. */
    public boolean ready() {
        return ready;
    }

    private void ensureLoop() {
        boolean warned = false;
        while (running && !ready) {
            try {
                ensure();
                ready = true;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!warned) {
                    LOG.warnf("Cannot check topic %s yet (%s); retrying every 5 s", Topics.GUARD_POLICIES, e.toString());
                    warned = true;
                }
                try {
                    Thread.sleep(5000);
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
    }

    private void ensure() throws Exception {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "domstore-inventory-topics");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        try (Admin admin = Admin.create(config)) {
            if (!admin.listTopics().names().get(15, TimeUnit.SECONDS).contains(Topics.GUARD_POLICIES)) {
                try {
                    admin.createTopics(List.of(new NewTopic(Topics.GUARD_POLICIES, Optional.empty(), Optional.empty())
                            .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                            .all().get(15, TimeUnit.SECONDS);
                    LOG.infof("Created topic %s (compacted)", Topics.GUARD_POLICIES);
                    return;
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, Topics.GUARD_POLICIES);
            Config topic = admin.describeConfigs(List.of(resource)).all().get(15, TimeUnit.SECONDS).get(resource);
            String policy = topic.get(TopicConfig.CLEANUP_POLICY_CONFIG) == null ? "" : topic.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                LOG.errorf("Topic %s has cleanup.policy=%s, not compact: snapshots' guard policies older than its retention will be "
                        + "lost, and the guard falls back to its global policy for them. Fix: kafka-configs.sh --bootstrap-server ... "
                        + "--alter --entity-type topics --entity-name %s --add-config cleanup.policy=compact", Topics.GUARD_POLICIES,
                        policy, Topics.GUARD_POLICIES);
            }
        }
    }
}
