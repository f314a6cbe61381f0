package dev.domstore.agent.messaging;

/** The agent's messaging channels; application.properties binds each to its topic from {@code Topics}. */
public final class Channels {
    /** In: {@code domstore.commands}, key host id. */
    public static final String COMMANDS = "commands";
    /** Out: {@code domstore.results}, key command id. */
    public static final String RESULTS = "results";
    /** Out: {@code domstore.host-reports}, key host id. */
    public static final String HOST_REPORTS = "host-reports";
    /** Out: {@code domstore.snapshot-usage}, key volume id of the snapshot. */
    public static final String SNAPSHOT_USAGE = "snapshot-usage";

    private Channels() {
    }
}
