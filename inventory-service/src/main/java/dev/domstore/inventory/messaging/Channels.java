package dev.domstore.inventory.messaging;

/** Reactive Messaging channel names of the inventory; their topics are set in application.properties, or by {@link PerHostChannels}. */
public final class Channels {
    /** {@code domstore.results.<host>}, every host's: what hosts made of commands. */
    public static final String RESULTS = "results";
    /** {@code domstore.host-reports.<host>}, every host's: what really exists on each host. */
    public static final String HOST_REPORTS = "host-reports";
    /** {@code domstore.extend-requests}: the snapshot-guard's requests to grow a snapshot. */
    public static final String EXTEND_REQUESTS = "extend-requests";
    /** {@code domstore.export-reports.<host>}, every NFS server's: the exports really in force on it. */
    public static final String EXPORT_REPORTS = "export-reports";
    /** {@code domstore.snapshot-usage}: every snapshot's fill, from its host's agent. */
    public static final String SNAPSHOT_USAGE = "snapshot-usage";

    private Channels() {
    }
}
