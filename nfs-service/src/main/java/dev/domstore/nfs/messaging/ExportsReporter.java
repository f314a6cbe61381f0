package dev.domstore.nfs.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.domstore.common.messages.ExportsReport;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.hostexec.HostUnreachableException;
import dev.domstore.nfs.config.NfsConfig;
import dev.domstore.nfs.service.ExportsApplier;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;

/**
 * Tells the inventory what this NFS server really exports: on start, on a schedule and after every
 * ApplyExports. While the host does not answer there is nothing to tell, so no report is published
 * (the outage is logged once, by {@link HostReachability}); the first report after it ends is.
 */
@ApplicationScoped
public class ExportsReporter {
    private static final Logger LOG = Logger.getLogger(ExportsReporter.class);

    private final String hostId;
    private final ExportsApplier applier;
    private final HostReachability reachability;
    private final MutinyEmitter<String> reports;

    public ExportsReporter(NfsConfig config, ExportsApplier applier, HostReachability reachability,
            @Channel(Channels.EXPORT_REPORTS) MutinyEmitter<String> reports) {
        this.hostId = config.hostId();
        this.applier = applier;
        this.reachability = reachability;
        this.reports = reports;
    }

    /** Reactive messaging wires its channels in an earlier StartupEvent observer, so the emitter can take the report here. */
    void publishOnStart(@Observes StartupEvent start) {
        applier.recover();
        publish();
    }

    @Scheduled(identity = "exports-report", every = "${domstore.nfs.report-interval}", delayed = "${domstore.nfs.report-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publishOnSchedule() {
        publish();
    }

    /**
     * Publishes the report now without waiting for the broker; a report that cannot be sent is logged, the next follows on
     * schedule. Skipped while the host does not answer.
     */
    public void publish() {
        try {
            ExportsReport report;
            try {
                report = applier.report();
            } catch (HostUnreachableException e) {
                reachability.unreachable(hostId, "the exports report", e);
                LOG.debugf("Skipped the exports report of %s: the host does not answer", hostId);
                return;
            }
            reachability.answered(hostId);
            if (report.error() != null) {
                LOG.debugf("Exports report of %s carries an error: %s", hostId, report.error());
            } else if (report.drift().any()) {
                LOG.warnf("The exports in force on %s differ from revision %s: %s", hostId, report.appliedRevision(), report.drift());
            }
            reports.sendMessage(OutgoingMessages.keyed(hostId, report)).subscribe().with(
                    sent -> LOG.debugf("Published the exports report of %s", hostId),
                    failure -> LOG.warnf("Cannot publish the exports report of %s: %s", hostId, failure));
        } catch (RuntimeException e) {
            LOG.warnf("Cannot publish the exports report of %s: %s", hostId, e);
        }
    }
}
