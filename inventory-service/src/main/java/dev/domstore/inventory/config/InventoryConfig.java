package dev.domstore.inventory.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "domstore.inventory")
public interface InventoryConfig {

    Outbox outbox();

    /**
     * Where the first admin token's secret is (or is written, mode 0600) on the first start, when no token
     * exists yet; {@code ./domstore up} points it at {@code .domstore/credentials/admin.token}.
     */
    Optional<Path> bootstrapAdminTokenFile();

    /** The snapshot-guard's Kafka user, which the inventory grants what the guard may do ({@code KafkaGrants.forGuard}). */
    @WithDefault("snapshot-guard")
    String guardKafkaUser();

    /** A host that has not reported for this long is shown stale: its figures may be old, it may be down. */
    @WithDefault("60s")
    Duration hostStaleAfter();

    /**
     * A {@code waitFor} answer comes when this instance commits the change; a change another instance made is seen by
     * looking again this often.
     */
    @WithDefault("1s")
    Duration waitRecheck();

    interface Outbox {
        /** How often the relay looks for unpublished rows when no commit woke it. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Rows published per transaction. */
        @WithDefault("200")
        int batchSize();

        /** How long the relay waits for the broker's acknowledgements before it retries the batch. */
        @WithDefault("10s")
        Duration sendTimeout();

        /** Published rows are kept this long for inspection, then purged. */
        @WithDefault("7d")
        Duration retention();
    }
}
