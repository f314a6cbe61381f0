package dev.domstore.inventory.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "domstore.inventory")
public interface InventoryConfig {

    Outbox outbox();

    /** A host that has not reported for this long is shown stale: its figures may be old, it may be down. */
    @WithDefault("60s")
    Duration hostStaleAfter();

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
