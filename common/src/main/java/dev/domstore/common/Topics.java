package dev.domstore.common;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Kafka topic names, as in docs/architecture.md. The key of each is given beside it.
 *
 * <p>What a host sends and receives travels on topics of its own, {@code <family>.<host id>}: only
 * that host's Kafka user may read its commands or write its results and reports
 * ({@code KafkaGrants}), so the topic a result arrives on says, with the broker's authority, which
 * host sent it. The inventory reads each family with one subscription by pattern.
 */
public final class Topics {
    /** inventory → the agent and nfs-service of one host: {@code domstore.commands.<host>}; key: host id. */
    public static final String COMMANDS = "domstore.commands";
    /** that host's agent and nfs-service → inventory: {@code domstore.results.<host>}; key: command id. */
    public static final String RESULTS = "domstore.results";
    /** that host's agent → inventory and guard, what really exists on it: {@code domstore.host-reports.<host>}; key: host id. */
    public static final String HOST_REPORTS = "domstore.host-reports";
    /** that NFS server's nfs-service → inventory, the exports really in force: {@code domstore.export-reports.<host>}; key: host id. */
    public static final String EXPORT_REPORTS = "domstore.export-reports";
    /**
     * How long a host's fetch of its commands waits at the broker when none is there. A command that arrives meanwhile
     * is returned at once (fetch.min.bytes is 1), so the wait costs no latency; a long one spares the broker most of the
     * idle fetches of a thousand hosts (bench/run's routing benchmark, docs/benchmarks.md).
     */
    public static final int COMMANDS_FETCH_MAX_WAIT_MS = 5000;
    /** The families with a topic per host. */
    public static final List<String> PER_HOST = List.of(COMMANDS, RESULTS, HOST_REPORTS, EXPORT_REPORTS);

    /** agents → guard and inventory; key: volume id (compacted). One topic for every host. */
    public static final String SNAPSHOT_USAGE = "domstore.snapshot-usage";
    /** guard → inventory; key: volume id. */
    public static final String EXTEND_REQUESTS = "domstore.extend-requests";
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

    /** {@code family}'s topic of {@code hostId}, such as {@code domstore.commands.dom0-a}. */
    public static String ofHost(String family, String hostId) {
        return family + "." + hostId;
    }

    /** Every host's topic of {@code family}, for a subscription by pattern. */
    public static Pattern everyHost(String family) {
        return Pattern.compile(Pattern.quote(family + ".") + "[A-Za-z0-9][A-Za-z0-9._-]*");
    }

    /** The host whose topic of {@code family} {@code topic} is; empty when it is none. */
    public static Optional<String> hostOf(String family, String topic) {
        return everyHost(family).matcher(topic).matches() ? Optional.of(topic.substring(family.length() + 1)) : Optional.empty();
    }
}
