package dev.domstore.nfs.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.nfs.config.NfsConfig;
import dev.domstore.nfs.service.ExportsApplier;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Takes this NFS server's ApplyExports from its own {@code domstore.commands.<host>}, like the agent
 * takes its host's commands, in a consumer group of its own ({@code domstore-nfs-<Kafka user>}),
 * keeping only records addressed to this host. The other commands on that topic are the
 * provisioning-agent's and are skipped. One command at a time, in order; an offset is
 * committed once its result is on the broker, so a command whose result was lost runs again
 * (applying a set twice is harmless).
 *
 * <p>A host that does not answer (a QEMU guest behind its guest agent, being restarted) fails no
 * command: the command is applied again, with a growing pause, until the host answers, and only
 * then is its result published and its offset committed ({@link HostReachability}). The commands
 * behind it wait, as they must: they are later revisions of the same host's set.
 */
@ApplicationScoped
public class CommandConsumer {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private final String hostId;
    private final ExportsApplier applier;
    private final ExportsReporter reporter;
    private final HostReachability reachability;
    private final MutinyEmitter<String> results;

    public CommandConsumer(NfsConfig config, ExportsApplier applier, ExportsReporter reporter, HostReachability reachability,
            @Channel(Channels.RESULTS) MutinyEmitter<String> results) {
        this.hostId = config.hostId();
        this.applier = applier;
        this.reporter = reporter;
        this.reachability = reachability;
        this.results = results;
    }

    @Incoming(Channels.COMMANDS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        if (!hostId.equals(record.key())) {
            LOG.debugf("Ignoring the command at %s: it is for host %s", position(record), record.key());
            return;
        }
        ApplyExports command = readOwnCommand(record);
        if (command == null) {
            return;
        }
        LOG.infof("Applying exports revision %d (command %s): %d export(s)", command.revision(), command.commandId(),
                command.exports().size());
        CommandResult result = reachability.retryUntilReachable(hostId, "ApplyExports " + command.commandId() + " (revision "
                + command.revision() + ")", () -> applier.apply(command));
        results.sendMessageAndAwait(OutgoingMessages.keyed(result.commandId().toString(), result));
        LOG.infof("Published %s for command %s", result.getClass().getSimpleName(), result.commandId());
        reporter.publish();
    }

    /** A record that cannot be carried out is logged and skipped: it must never hold up the commands behind it. */
    private ApplyExports readOwnCommand(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            LOG.warnf("Skipping the record without a payload at %s", position(record));
            return null;
        }
        Command command;
        try {
            command = MessageCodec.fromJson(record.value(), Command.class);
        } catch (MalformedMessageException e) {
            LOG.warnf("Skipping the unreadable command at %s: %s", position(record), e.getMessage());
            return null;
        }
        if (!(command instanceof ApplyExports apply)) {
            LOG.debugf("Skipping %s at %s: it is for this host's provisioning-agent", command.getClass().getSimpleName(), position(record));
            return null;
        }
        if (apply.commandId() == null) {
            LOG.warnf("Skipping the ApplyExports without a commandId at %s: %s", position(record), record.value());
            return null;
        }
        if (!hostId.equals(apply.hostId())) {
            LOG.warnf("Skipping ApplyExports %s at %s: keyed for this host but addressed to host %s", apply.commandId(),
                    position(record), apply.hostId());
            return null;
        }
        return apply;
    }

    private static String position(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
