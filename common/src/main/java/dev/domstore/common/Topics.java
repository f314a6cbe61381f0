package dev.domstore.common;

/** Kafka topic names, as in ARCHITECTURE.md. The key of each is given beside it. */
public final class Topics {
    /** inventory → agents and nfs-services; key: host id. */
    public static final String COMMANDS = "domstore.commands";
    /** agents, nfs-services → inventory; key: command id. */
    public static final String RESULTS = "domstore.results";
    /** agents → inventory, what really exists on a host; key: host id. */
    public static final String HOST_REPORTS = "domstore.host-reports";
    /** agents → guard; key: volume id (compacted). */
    public static final String SNAPSHOT_USAGE = "domstore.snapshot-usage";
    /** guard → inventory; key: volume id. */
    public static final String EXTEND_REQUESTS = "domstore.extend-requests";
    /** nfs-services → inventory, the exports really in force on an NFS server; key: host id. */
    public static final String EXPORT_REPORTS = "domstore.export-reports";
    /**
     * inventory → guard, per-snapshot overrides of the guard's policy ({@code SnapshotGuardPolicy});
     * key: volume id (compacted: the last record of a key is that snapshot's override, a tombstone
     * removes it).
     */
    public static final String GUARD_POLICIES = "domstore.guard-policies";
    /** inventory → anyone, the audit stream; key: aggregate id. */
    public static final String EVENTS = "domstore.events";

    private Topics() {
    }
}
