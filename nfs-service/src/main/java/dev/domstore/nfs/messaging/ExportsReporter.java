package dev.domstore.nfs.messaging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.jboss.logging.Logger;

import dev.domstore.common.messages.ExportsReport;
import dev.domstore.nfs.config.NfsConfig;
import dev.domstore.nfs.service.ExportsApplier;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.reactive.messaging.MutinyEmitter;

/** Tells the inventory what this NFS server really exports: on start, on a schedule and after every ApplyExports. */
@ApplicationScoped
public class ExportsReporter {
    private static final Logger LOG = Logger.getLogger(ExportsReporter.class);

    private final String hostId;
    private final ExportsApplier applier;
    private final MutinyEmitter<String> reports;

    public ExportsReporter(NfsConfig config, ExportsApplier applier, @Channel(Channels.EXPORT_REPORTS) MutinyEmitter<String> reports) {
        this.hostId = config.hostId();
        this.applier = applier;
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

    /** Publishes the report now without waiting for the broker; a report that cannot be sent is logged, the next follows on schedule. */
    public void publish() {
        try {
            ExportsReport report = applier.report();
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
