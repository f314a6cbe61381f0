package dev.domstore.agent.report;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.host.HostOperations;
import dev.domstore.agent.host.Hosts;
import dev.domstore.agent.lvm.SnapshotEventWatchers;
import dev.domstore.agent.messaging.Channels;
import dev.domstore.agent.messaging.OutgoingMessages;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.common.messages.SnapshotUsage;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.hostexec.HostUnreachableException;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Publishes how full every domstore snapshot is, on {@code domstore.snapshot-usage} keyed by the
 * snapshot's volume id: every {@code snapshot-interval}, from one lvs call per host, and at once
 * when device-mapper signals an event on a snapshot (a background {@code dmsetup wait} per
 * snapshot device on a real host with device-mapper; not in metadata-only or simulated mode).
 * While a host does not answer its snapshots' usage is not published (the outage is logged once,
 * by {@link HostReachability}).
 */
@ApplicationScoped
public class SnapshotTelemetry {
    private static final Logger LOG = Logger.getLogger(SnapshotTelemetry.class);

    private final Hosts hosts;
    private final MutinyEmitter<String> usage;
    private final boolean watchEvents;
    private final HostCommandRunner runner;
    private final HostReachability reachability;
    private final AgentConfig config;
    private final Map<String, SnapshotEventWatchers> watchers = new ConcurrentHashMap<>();
    /** Hosts whose last poll failed; logged once until a poll works again. */
    private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

    public SnapshotTelemetry(Hosts hosts, @Channel(Channels.SNAPSHOT_USAGE) MutinyEmitter<String> usage, AgentConfig config,
            HostCommandRunner runner, HostReachability reachability) {
        this.hosts = hosts;
        this.usage = usage;
        this.config = config;
        this.runner = runner;
        this.reachability = reachability;
        this.watchEvents = config.mode() == AgentConfig.Mode.REAL && !config.lvm().metadataOnly();
    }

    /**
     * Skipped until the application runs: the first interval can fire before reactive messaging
     * has connected this bean's emitter (which is injected when the bean is first used).
     */
    @Scheduled(identity = "snapshot-usage", every = "${domstore.agent.snapshot-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void publishOnSchedule() {
        hosts.all().forEach(this::publish);
    }

    /** Publishes one host's snapshot usage now. */
    public void publishNow(String hostId) {
        hosts.get(hostId).ifPresent(this::publish);
    }

    private void publish(HostOperations host) {
        List<SnapshotUsage> snapshots;
        try {
            snapshots = host.snapshotUsage();
            reachability.answered(host.hostId());
            if (failing.remove(host.hostId()) != null) {
                LOG.infof("Snapshot usage of %s can be read again", host.hostId());
            }
        } catch (RuntimeException e) {
            Optional<HostUnreachableException> unreachable = HostReachability.unreachableCause(e);
            if (unreachable.isPresent()) {
                reachability.unreachable(host.hostId(), "the snapshot usage", unreachable.get());
                return;
            }
            if (failing.putIfAbsent(host.hostId(), Boolean.TRUE) == null) {
                LOG.warnf("Cannot read the snapshot usage of %s (LVM missing or failing?): %s. Logged once until it works again.",
                        host.hostId(), e.getMessage());
            }
            return;
        }
        for (SnapshotUsage snapshot : snapshots) {
            try {
                usage.sendMessage(OutgoingMessages.keyed(snapshot.volumeId().toString(), snapshot)).subscribe().with(
                        sent -> LOG.tracef("Published the usage of snapshot %s", snapshot.volumeId()),
                        failure -> LOG.debugf("Cannot publish the usage of snapshot %s: %s", snapshot.volumeId(), failure));
            } catch (RuntimeException e) {
                LOG.debugf("Cannot publish the usage of snapshot %s: %s", snapshot.volumeId(), e);
            }
        }
        if (watchEvents && !host.simulated()) {
            watchers.computeIfAbsent(host.hostId(), id -> new SnapshotEventWatchers(runner, config.lvm().eventWaitTimeout(),
                    () -> publishNow(id)))
                    .watch(snapshots.stream().map(s -> BlockDevices.dmName(s.volumeGroup(), s.name())).toList());
        }
    }

    @PreDestroy
    void stopWatching() {
        watchers.values().forEach(SnapshotEventWatchers::close);
    }
}
