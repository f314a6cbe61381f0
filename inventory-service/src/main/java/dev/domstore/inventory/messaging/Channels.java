package dev.domstore.inventory.messaging;

/** Reactive Messaging channel names of the inventory; their topics are set in application.properties. */
public final class Channels {
    /** {@code domstore.results}: what hosts made of commands. */
    public static final String RESULTS = "results";
    /** {@code domstore.host-reports}: what really exists on each host. */
    public static final String HOST_REPORTS = "host-reports";

    private Channels() {
    }
}
