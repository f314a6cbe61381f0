package dev.domstore.agent.report;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.file.LoopDevices;
import dev.domstore.agent.messaging.Channels;
import dev.domstore.agent.messaging.OutgoingMessages;
import dev.domstore.common.messages.HostReport;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Tells the inventory what really exists on this host: on start, on a schedule, and right after every change. */
@ApplicationScoped
public class HostReporter {
    private static final Logger LOG = Logger.getLogger(HostReporter.class);

    private final String hostId;
    private final String hostname;
    private final ImageRoot imageRoot;
    private final LoopDevices loopDevices;
    private final MutinyEmitter<String> reports;

    public HostReporter(AgentConfig config, LoopDevices loopDevices, @Channel(Channels.HOST_REPORTS) MutinyEmitter<String> reports) {
        this.hostId = config.hostId();
        this.hostname = config.hostname().orElseGet(HostReporter::machineHostname);
        this.imageRoot = ImageRoot.of(config.imageRoot());
        this.loopDevices = loopDevices;
        this.reports = reports;
    }

    /**
     * The report on start. Reactive messaging wires its channels in an earlier StartupEvent
     * observer, so the emitter can take the report here; a scheduled first run could come too early.
     */
    void publishOnStart(@Observes StartupEvent start) {
        publish();
    }

    @Scheduled(identity = "host-report", every = "${domstore.agent.report-interval}", delayed = "${domstore.agent.report-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishOnSchedule() {
        publish();
    }

    /**
     * Publishes the host's state now, without waiting for the broker. A report that cannot be made
     * or sent is logged and never fails the caller; the next one follows on schedule.
     */
    public void publish() {
        try {
            reports.sendMessage(OutgoingMessages.keyed(hostId, current())).subscribe().with(
                    sent -> LOG.debugf("Published the host report of %s", hostId),
                    failure -> LOG.warnf("Cannot publish the host report of %s: %s", hostId, failure));
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot publish the host report of %s: %s", hostId, e);
        }
    }

    HostReport current() throws IOException {
        return new HostReport(UUID.randomUUID(), hostId, hostname, Instant.now(), imageRoot.path().toString(),
                imageRoot.usableBytes(), loopDevices.attached().size(), loopDevices.limit(), false);
    }

    /** The kernel's host name, as hostname(1) prints it; no name lookup is involved. */
    private static String machineHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException notLinux) {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                throw new IllegalStateException("Cannot find this machine's host name: set domstore.agent.hostname", e);
            }
        }
    }
}
