package dev.domstore.agent.messaging;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.report.HostReporter;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Takes this host's commands from {@code domstore.commands}. Every agent reads the whole topic in
 * its own consumer group and keeps only the records keyed, and addressed, to its host. Commands
 * run one at a time in the order they were published; a record's offset is committed only once
 * its result is on the broker, so a command whose result was lost runs again (commands are idempotent).
 */
@ApplicationScoped
public class CommandConsumer {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private final String hostId;
    private final CommandDispatcher dispatcher;
    private final HostReporter hostReporter;
    private final MutinyEmitter<String> results;

    public CommandConsumer(AgentConfig config, CommandDispatcher dispatcher, HostReporter hostReporter,
            @Channel(Channels.RESULTS) MutinyEmitter<String> results) {
        this.hostId = config.hostId();
        this.dispatcher = dispatcher;
        this.hostReporter = hostReporter;
        this.results = results;
    }

    @Incoming(Channels.COMMANDS)
    @Blocking(ordered = true)
    public void consume(ConsumerRecord<String, String> record) {
        if (!hostId.equals(record.key())) {
            LOG.debugf("Ignoring the command at %s: it is for host %s", position(record), record.key());
            return;
        }
        Optional<Command> command = readOwnCommand(record);
        if (command.isEmpty()) {
            return;
        }
        LOG.infof("Carrying out %s %s for volume %s", command.get().getClass().getSimpleName(), command.get().commandId(),
                command.get().volumeId());
        CommandOutcome outcome = dispatcher.execute(command.get());
        publish(outcome.result());
        if (outcome.hostChanged()) {
            hostReporter.publish();
        }
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
        if (command.commandId() == null) {
            LOG.warnf("Skipping the command without a commandId at %s: %s", position(record), record.value());
            return Optional.empty();
        }
        if (!hostId.equals(command.hostId())) {
            LOG.warnf("Skipping command %s at %s: keyed for this host but addressed to host %s", command.commandId(),
                    position(record), command.hostId());
            return Optional.empty();
        }
        return Optional.of(command);
    }

    /** Returns once the broker has the result (acks=all); only then may the command's offset be committed. */
    private void publish(CommandResult result) {
        results.sendMessageAndAwait(OutgoingMessages.keyed(result.commandId().toString(), result));
        LOG.infof("Published %s for command %s", result.getClass().getSimpleName(), result.commandId());
    }

    private static String position(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }
}
