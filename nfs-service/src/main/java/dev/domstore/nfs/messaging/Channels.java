package dev.domstore.nfs.messaging;

/** The nfs-service's messaging channels; application.properties binds each to its topic. */
public final class Channels {
    /** In: {@code domstore.commands} ({@code Topics.COMMANDS}), key host id. */
    public static final String COMMANDS = "commands";
    /** Out: {@code domstore.results} ({@code Topics.RESULTS}), key command id. */
    public static final String RESULTS = "results";
    /** Out: {@code domstore.export-reports} ({@code Topics.EXPORT_REPORTS}), key host id. */
    public static final String EXPORT_REPORTS = "export-reports";

    private Channels() {
    }
}
