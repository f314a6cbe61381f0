package dev.domstore.agent.messaging;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.agent.host.Hosts;
import dev.domstore.agent.report.HostReporter;
import dev.domstore.common.Topics;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.MalformedMessageException;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.VolumeCommand;
import dev.domstore.hostexec.HostReachability;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;

/**
 * Takes this agent's hosts' commands from their {@code domstore.commands.<host>} topics (one host, or
 * in simulated mode every simulated host), the only ones its Kafka user may read, in a consumer
 * group of its own; a record addressed to another host is skipped. The commands of one lane run one
 * at a time in the order they were published: a volume's, or a volume group's LVs and snapshots
 * ({@link #laneOf}); different lanes run side by side, on {@code domstore.agent.command-workers} threads
 * ({@link VolumeLanes}), so a long populate holds up only its own volume. A record is acknowledged once its result is on the broker, and an offset is
 * committed only once every record before it is acknowledged too (the connector's {@code throttled}
 * strategy), so a command whose result was lost is delivered again, and the dispatcher's journal
 * returns its first result without carrying it out twice. Once a host's commands settle, a fresh
 * report of it follows ({@link HostReporter#afterCommand}).
 *
 * <p>A host that does not answer (a QEMU guest behind its guest agent, being restarted) fails no
 * command: the command is carried out again, with a growing pause, until the host answers, and
 * only then is its result published and its record acknowledged ({@link HostReachability}). The
 * commands of the same volume behind it wait, as they must: they were published after it.
 */
@ApplicationScoped
public class CommandConsumer {
    private static final Logger LOG = Logger.getLogger(CommandConsumer.class);

    private final Hosts hosts;
    private final CommandDispatcher dispatcher;
    private final HostReporter hostReporter;
    private final HostReachability reachability;
    private final MutinyEmitter<String> results;
    private final ExecutorService workers;
    private final VolumeLanes lanes;

    public CommandConsumer(Hosts hosts, CommandDispatcher dispatcher, HostReporter hostReporter, HostReachability reachability,
            @Channel(Channels.RESULTS) MutinyEmitter<String> results, AgentConfig config) {
        this.hosts = hosts;
        this.dispatcher = dispatcher;
        this.hostReporter = hostReporter;
        this.reachability = reachability;
        this.results = results;
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(config.commandWorkers(), work -> {
            Thread thread = new Thread(work, "agent-command-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.lanes = new VolumeLanes(workers);
    }

    @PreDestroy
    void stop() {
        // An unfinished command is not acknowledged: it is delivered again after a restart, and the journal answers it.
        workers.shutdownNow();
    }

    /** Hands the command to its volume's lane and returns at once; the record is acknowledged when its result is on the broker. */
    @Incoming(Channels.COMMANDS)
    public CompletionStage<Void> consume(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> record = message.getMetadata(IncomingKafkaRecordMetadata.class).orElseThrow();
        String key = (String) record.getKey();
        String position = record.getTopic() + "-" + record.getPartition() + "@" + record.getOffset();
        if (!hosts.contains(key)) {
            LOG.debugf("Ignoring the command at %s: it is for host %s", position, key);
            return message.ack();
        }
        Optional<VolumeCommand> command = readOwnCommand(key, message.getPayload(), position);
        if (command.isEmpty()) {
            return message.ack();
        }
        lanes.submit(laneOf(command.get()), () -> carryOut(command.get()))
                .whenComplete((done, failure) -> {
                    if (failure == null) {
                        message.ack();
                    } else {
                        LOG.errorf(failure, "Command at %s could not be carried out and answered", position);
                        message.nack(failure);
                    }
                });
        return CompletableFuture.completedFuture(null);
    }

    /**
     * The commands that must keep their order share a lane. A volume group's LVs and snapshots share one: a snapshot
     * is made from its origin, which must exist first, and LVM changes a group's metadata one command at a time
     * anyway. Any other volume (an image, a device) has a lane of its own, so a long populate holds up nothing else.
     */
    static String laneOf(VolumeCommand command) {
        if ((command.kind() == VolumeKind.LVM || command.kind() == VolumeKind.SNAPSHOT) && command.volumeGroup() != null) {
            return "volume-group " + command.hostId() + "/" + command.volumeGroup();
        }
        return "volume " + (command.volumeId() == null ? command.commandId() : command.volumeId());
    }

    private void carryOut(Command command) {
        String what = command.getClass().getSimpleName() + " " + command.commandId() + " for volume " + command.volumeId();
        LOG.infof("Carrying out %s", what);
        CommandOutcome outcome = reachability.retryUntilReachable(command.hostId(), what, () -> dispatcher.execute(command));
        publish(outcome.result());
        hostReporter.afterCommand(command.hostId());
    }

    /** A record that cannot be carried out is logged and skipped: it must never hold up the commands behind it. */
    private Optional<VolumeCommand> readOwnCommand(String key, String payload, String position) {
        if (payload == null) {
            LOG.warnf("Skipping the record without a payload at %s", position);
            return Optional.empty();
        }
        Command read;
        try {
            read = MessageCodec.fromJson(payload, Command.class);
        } catch (MalformedMessageException e) {
            LOG.warnf("Skipping the unreadable command at %s: %s", position, e.getMessage());
            return Optional.empty();
        }
        if (!(read instanceof VolumeCommand command)) {
            // Other commands on the topic (the NFS exports of a host) are for the other services of the same host.
            LOG.debugf("Ignoring the %s at %s: not a volume command, another service of host %s takes it",
                    read.getClass().getSimpleName(), position, key);
            return Optional.empty();
        }
        if (command.commandId() == null) {
            LOG.warnf("Skipping the command without a commandId at %s: %s", position, payload);
            return Optional.empty();
        }
        if (!key.equals(command.hostId())) {
            LOG.warnf("Skipping command %s at %s: keyed for host %s but addressed to host %s", command.commandId(),
                    position, key, command.hostId());
            return Optional.empty();
        }
        return Optional.of(command);
    }

    /** Returns once the broker has the result (acks=all); only then may the command's record be acknowledged. */
    private void publish(CommandResult result) {
        results.sendMessageAndAwait(OutgoingMessages.keyed(Topics.ofHost(Topics.RESULTS, result.hostId()), result.commandId().toString(), result));
        LOG.infof("Published %s for command %s", result.getClass().getSimpleName(), result.commandId());
    }
}
