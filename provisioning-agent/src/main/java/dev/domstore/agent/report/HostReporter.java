package dev.domstore.agent.report;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.host.HostOperations;
import dev.domstore.agent.host.Hosts;
import dev.domstore.agent.messaging.Channels;
import dev.domstore.agent.messaging.OutgoingMessages;
import dev.domstore.common.Topics;
import dev.domstore.common.messages.HostReport;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.hostexec.HostUnreachableException;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Tells the inventory what really exists on each of this agent's hosts (VGs, LVs, loop devices,
 * block devices, images): on start, on a schedule, and after commands ({@link ReportsAfterCommands}). While a host
 * does not answer there is nothing to tell, so no report of it is published (the outage is logged
 * once, by {@link HostReachability}) and the inventory sees the host go stale; the first report
 * after the outage is published as usual.
 */
@ApplicationScoped
public class HostReporter {
    private static final Logger LOG = Logger.getLogger(HostReporter.class);

    private final Hosts hosts;
    private final HostReachability reachability;
    private final MutinyEmitter<String> reports;
    private final ReportsAfterCommands afterCommands;
    private final ScheduledExecutorService afterCommandsThread = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "host-report-after-command");
        thread.setDaemon(true);
        return thread;
    });

    public HostReporter(Hosts hosts, HostReachability reachability, @Channel(Channels.HOST_REPORTS) MutinyEmitter<String> reports,
            AgentConfig config) {
        this.hosts = hosts;
        this.reachability = reachability;
        this.reports = reports;
        this.afterCommands = new ReportsAfterCommands(config.reportAfterCommands(), config.reportAfterCommands().multipliedBy(10));
    }

    /**
     * The report on start. Reactive messaging wires its channels in an earlier StartupEvent
     * observer, so the emitter can take the report here; a scheduled first run could come too early.
     */
    void publishOnStart(@Observes StartupEvent start) {
        publishAll();
    }

    @Scheduled(identity = "host-report", every = "${domstore.agent.report-interval}", delayed = "${domstore.agent.report-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishOnSchedule() {
        publishAll();
    }

    public void publishAll() {
        hosts.all().forEach(this::publish);
    }

    /** Publishes one host's state now; an unknown host id is ignored. */
    public void publish(String hostId) {
        hosts.get(hostId).ifPresent(this::publish);
    }

    /**
     * Publishes the host's state once its commands have settled, on the reporter's own thread, so that the
     * caller (the command consumer, after every command) goes on at once: through a guest agent a report is
     * about 30 commands, and made inline it held up the next command by 10 to 30 s.
     */
    public void afterCommand(String hostId) {
        Instant now = Instant.now();
        Instant due = afterCommands.commandFinished(hostId, now);
        afterCommandsThread.schedule(this::publishDue, Math.max(0, Duration.between(now, due).toMillis()), TimeUnit.MILLISECONDS);
    }

    private void publishDue() {
        afterCommands.takeDue(Instant.now()).forEach(this::publish);
    }

    @PreDestroy
    void stop() {
        afterCommandsThread.shutdownNow();
    }

    /**
     * Publishes the host's state now, without waiting for the broker. A report that cannot be made
     * or sent is logged and never fails the caller; the next one follows on schedule. Skipped while
     * the host does not answer.
     */
    private void publish(HostOperations host) {
        try {
            HostReport report;
            try {
                report = host.report();
            } catch (RuntimeException e) {
                HostUnreachableException unreachable = HostReachability.unreachableCause(e).orElseThrow(() -> e);
                reachability.unreachable(host.hostId(), "the host report", unreachable);
                LOG.debugf("Skipped the host report of %s: the host does not answer", host.hostId());
                return;
            }
            reachability.answered(host.hostId());
            reports.sendMessage(OutgoingMessages.keyed(Topics.ofHost(Topics.HOST_REPORTS, host.hostId()), host.hostId(), report)).subscribe().with(
                    sent -> LOG.debugf("Published the host report of %s", host.hostId()),
                    failure -> LOG.warnf("Cannot publish the host report of %s: %s", host.hostId(), failure));
        } catch (RuntimeException e) {
            LOG.warnf("Cannot publish the host report of %s: %s", host.hostId(), e);
        }
    }
}
