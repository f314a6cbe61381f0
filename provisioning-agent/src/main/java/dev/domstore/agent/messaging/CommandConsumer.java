package dev.domstore.agent.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.domstore.agent.host.Hosts;
import dev.domstore.agent.report.HostReporter;
import dev.domstore.common.Topics;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.hostexec.HostReachability;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Takes this agent's hosts' commands from their {@code domstore.commands.<host>} topics (one host, or
 * in simulated mode every simulated host), the only ones its Kafka user may read, in a consumer
 * group of its own; a record addressed to another host is skipped. Commands run one at a time in the
 * order they were published; a record's offset is committed only once its result is on the
 * broker, so a command whose result was lost is delivered again, and the dispatcher's journal
 * returns its first result without carrying it out twice. Each result is followed by a fresh
 * report of the command's host.
 *
 * <p>A host that does not answer (a QEMU guest behind its guest agent, being restarted) fails no
 * command: the command is carried out again, with a growing pause, until the host answers, and
 * only then is its result published and its offset committed ({@link HostReachability}). The
 * commands behind it wait, as they must: they were published after it.
 */
@ApplicationScoped
public class CommandConsumer {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private final Hosts hosts;
    private final CommandDispatcher dispatcher;
    private final HostReporter hostReporter;
    private final HostReachability reachability;
    private final MutinyEmitter<String> results;

    public CommandConsumer(Hosts hosts, CommandDispatcher dispatcher, HostReporter hostReporter, HostReachability reachability,
            @Channel(Channels.RESULTS) MutinyEmitter<String> results) {
        this.hosts = hosts;
        this.dispatcher = dispatcher;
        this.hostReporter = hostReporter;
        this.reachability = reachability;
        this.results = results;
    }

    @Incoming(Channels.COMMANDS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        if (!hosts.contains(record.key())) {
            LOG.debugf("Ignoring the command at %s: it is for host %s", position(record), record.key());
            return;
        }
        Optional<Command> command = readOwnCommand(record);
        if (command.isEmpty()) {
            return;
        }
        String what = command.get().getClass().getSimpleName() + " " + command.get().commandId() + " for volume "
                + command.get().volumeId();
        LOG.infof("Carrying out %s", what);
        CommandOutcome outcome = reachability.retryUntilReachable(command.get().hostId(), what, () -> dispatcher.execute(command.get()));
        publish(outcome.result());
        hostReporter.requestReport(command.get().hostId());
    }

    /** A record that cannot be carried out is logged and skipped: it must never hold up the commands behind it. */
    private Optional<Command> readOwnCommand(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            LOG.warnf("Skipping the record without a payload at %s", position(record));
            return Optional.empty();
        }
        Command command;
        try {
            command = MessageCodec.fromJson(record.value(), Command.class);
        } catch (MalformedMessageException e) {
            LOG.warnf("Skipping the unreadable command at %s: %s", position(record), e.getMessage());
            return Optional.empty();
        }
        if (!(command instanceof CreateVolume || command instanceof DeleteVolume || command instanceof ExtendVolume)) {
            // Other commands on the topic (the NFS exports of a host) are for the other services of the same host.
            LOG.debugf("Ignoring the %s at %s: not a volume command, another service of host %s takes it",
                    command.getClass().getSimpleName(), position(record), record.key());
            return Optional.empty();
        }
        if (command.commandId() == null) {
            LOG.warnf("Skipping the command without a commandId at %s: %s", position(record), record.value());
            return Optional.empty();
        }
        if (!record.key().equals(command.hostId())) {
            LOG.warnf("Skipping command %s at %s: keyed for host %s but addressed to host %s", command.commandId(),
                    position(record), record.key(), command.hostId());
            return Optional.empty();
        }
        return Optional.of(command);
    }

    /** Returns once the broker has the result (acks=all); only then may the command's offset be committed. */
    private void publish(CommandResult result) {
        results.sendMessageAndAwait(OutgoingMessages.keyed(Topics.ofHost(Topics.RESULTS, result.hostId()), result.commandId().toString(), result));
        LOG.infof("Published %s for command %s", result.getClass().getSimpleName(), result.commandId());
    }

    private static String position(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
