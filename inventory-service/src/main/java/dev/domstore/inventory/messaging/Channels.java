package dev.domstore.inventory.messaging;

/** Reactive Messaging channel names of the inventory; their topics are set in application.properties. */
public final class Channels {
    /** {@code domstore.results}: what hosts made of commands. */
    public static final String RESULTS = "results";
    /** {@code domstore.host-reports}: what really exists on each host. */
    public static final String HOST_REPORTS = "host-reports";
    /** {@code domstore.extend-requests}: the snapshot-guard's requests to grow a snapshot. */
    public static final String EXTEND_REQUESTS = "extend-requests";
    /** {@code domstore.export-reports}: the exports really in force on each NFS server. */
    public static final String EXPORT_REPORTS = "export-reports";
    /** {@code domstore.snapshot-usage}: every snapshot's fill, from its host's agent. */
    public static final String SNAPSHOT_USAGE = "snapshot-usage";

    private Channels() {
    }
}
