package dev.domstore.agent.messaging;

/**
 * The agent's messaging channels. application.properties binds each to its topic from {@code Topics};
 * what travels per host goes on that host's own topic ({@link CommandTopics}, {@link OutgoingMessages}).
 */
public final class Channels {
    /** In: {@code domstore.commands.<host>} of each of this agent's hosts, key host id. */
    public static final String COMMANDS = "commands";
    /** Out: {@code domstore.results.<host>}, key command id. */
    public static final String RESULTS = "results";
    /** Out: {@code domstore.host-reports.<host>}, key host id. */
    public static final String HOST_REPORTS = "host-reports";
    /** Out: {@code domstore.snapshot-usage}, key volume id of the snapshot. */
    public static final String SNAPSHOT_USAGE = "snapshot-usage";

    private Channels() {
    }
}
