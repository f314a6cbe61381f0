package dev.domstore.inventory.messaging;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.reactive.messaging.annotations.Blocking;

import dev.domstore.common.SnapshotFill;
import dev.domstore.common.events.Actor;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.inventory.security.Actors;
import dev.domstore.inventory.service.SnapshotGuarding.SnapshotUsageSample;
import dev.domstore.inventory.service.SnapshotGuarding;

/**
 * Snapshot fill levels, for the volume view and for invalidation. Agents report every snapshot
 * every second; the inventory writes a sample only when it matters (invalidation, a move of at
 * least half a percentage point, or every few seconds), so its database load does not grow with
 * the report rate. Usage is a state, not a change: a lost or repeated sample is harmless.
 */
@ApplicationScoped
public class SnapshotUsageConsumer {
    private static final Logger LOG = Logger.getLogger(SnapshotUsageConsumer.class);
    static final double MIN_PERCENT_CHANGE = 0.5;
    static final Duration MAX_SAMPLE_AGE = Duration.ofSeconds(5);

    @Inject
    SnapshotGuarding guarding;

    private final Map<UUID, SnapshotUsageSample> written = new ConcurrentHashMap<>();

    @Incoming(Channels.SNAPSHOT_USAGE)
    @Blocking
    public void consume(String payload) {
        SnapshotUsage usage;
        try {
            usage = MessageCodec.fromJson(payload, SnapshotUsage.class);
        } catch (MalformedMessageException e) {
            LOG.errorf("Skipping a malformed snapshot usage: %s; payload: %s", e.getMessage(), payload);
            return;
        }
        SnapshotUsageSample previous = written.get(usage.volumeId());
        if (!worthWriting(previous, usage)) {
            return;
        }
        Actors.as(Actor.PROVISIONING_AGENT, () -> QuarkusTransaction.requiringNew().run(() -> guarding.onUsage(usage, previous)));
        written.put(usage.volumeId(), new SnapshotUsageSample(SnapshotFill.usedBytes(usage.cowSizeBytes(), usage.dataPercent()),
                usage.dataPercent(), usage.invalid(), usage.occurredAt()));
    }

    static boolean worthWriting(SnapshotUsageSample previous, SnapshotUsage usage) {
        return previous == null
                || usage.invalid() != previous.invalid()
                || Math.abs(usage.dataPercent() - previous.dataPercent()) >= MIN_PERCENT_CHANGE
                || Duration.between(previous.at(), usage.occurredAt()).compareTo(MAX_SAMPLE_AGE) >= 0;
    }
}
