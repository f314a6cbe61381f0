package dev.domstore.nfs.messaging;

/** The nfs-service's messaging channels; application.properties binds each to its host's own topic. */
public final class Channels {
    /** In: {@code domstore.commands.<host>} ({@code Topics.COMMANDS}), key host id. */
    public static final String COMMANDS = "commands";
    /** Out: {@code domstore.results.<host>} ({@code Topics.RESULTS}), key command id. */
    public static final String RESULTS = "results";
    /** Out: {@code domstore.export-reports.<host>} ({@code Topics.EXPORT_REPORTS}), key host id. */
    public static final String EXPORT_REPORTS = "export-reports";

    private Channels() {
    }
}
