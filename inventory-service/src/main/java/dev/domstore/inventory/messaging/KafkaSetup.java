package dev.domstore.inventory.messaging;

import java.util.List;
import java.util.OptionalInt;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.apache.kafka.clients.admin.Admin;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import dev.domstore.common.HostEnrolment;
import dev.domstore.common.KafkaGrants;
import dev.domstore.common.SharedTopics;
import dev.domstore.common.Topics;
import dev.domstore.inventory.config.InventoryConfig;

/**
 * What the inventory sets up on Kafka when it starts, in the background, retried until Kafka answers:
 * <ul>
 * <li>the snapshot-guard's grants ({@link KafkaGrants#forGuard}), as the inventory administers
 * domstore's Kafka users;</li>
 * <li>{@code domstore.guard-policies} as {@link SharedTopics} defines it, compacted, before the outbox
 * publishes to it (a broker that creates topics on first use would not compact it).</li>
 * </ul>
 */
@ApplicationScoped
public class KafkaSetup {
    private static final Logger LOG = Logger.getLogger(KafkaSetup.class);

    @Inject
    KafkaClientSettings kafka;
    @Inject
    InventoryConfig config;

    private volatile boolean running;
    private volatile boolean ready;
    private Thread thread;

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::ensureLoop, "kafka-setup");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** True once the guard's grants are given and the topic is known to exist. */
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
                    LOG.warnf("Cannot set up Kafka yet (%s); retrying every 5 s", e.toString());
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
        try (Admin admin = kafka.admin("domstore-inventory-setup")) {
            HostEnrolment.apply(admin, KafkaGrants.forGuard(config.guardKafkaUser()));
            SharedTopics.ensure(admin, List.of(Topics.GUARD_POLICIES), OptionalInt.empty()).forEach(LOG::error);
        }
    }
}
