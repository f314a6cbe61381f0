package dev.domstore.agent.messaging;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.domstore.agent.host.HostOperations;
import dev.domstore.agent.host.HostVolume;
import dev.domstore.agent.host.Hosts;
import dev.domstore.agent.host.Resize;
import dev.domstore.common.FailureReason;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeCreationFailed;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.common.messages.VolumeDeletionFailed;
import dev.domstore.common.messages.VolumeExtended;
import dev.domstore.common.messages.VolumeExtensionFailed;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.HostReachability;

/**
 * Carries out one command on its host with the operation for its kind, and turns every outcome,
 * failures included, into a result. A command this agent carried out before (its id is in the
 * {@link CommandJournal}) is not carried out again: its first result is returned as it was.
 *
 * <p>A host that does not answer is no outcome: the {@link dev.domstore.hostexec.HostUnreachableException}
 * is thrown as it is, nothing is remembered, and the caller carries the command out again once the
 * host answers ({@link HostReachability#retryUntilReachable}).
 */
@ApplicationScoped
public class CommandDispatcher {
    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);
    static final String NFS_ROOT_ELSEWHERE = "NFS_ROOT volumes are carried out by the nfs-service of the NFS server host";

    private final Hosts hosts;
    private final CommandJournal journal;

    public CommandDispatcher(Hosts hosts, CommandJournal journal) {
        this.hosts = hosts;
        this.journal = journal;
    }

    public CommandOutcome execute(Command command) {
        Optional<CommandResult> remembered = journal.lookup(command.commandId());
        if (remembered.isPresent()) {
            LOG.infof("%s %s was carried out before: returning its first result (%s) without acting again",
                    command.getClass().getSimpleName(), command.commandId(), remembered.get().getClass().getSimpleName());
            return new CommandOutcome(remembered.get(), false);
        }
        CommandOutcome outcome = carryOut(command);
        try {
            journal.record(outcome.result());
        } catch (RuntimeException e) {
            // The host is as the result says; without the entry, a redelivery would carry the (idempotent) command out again.
            LOG.errorf(e, "Cannot remember the result of command %s", command.commandId());
        }
        return outcome;
    }

    private CommandOutcome carryOut(Command command) {
        if (command instanceof CreateVolume create) {
            return create(create);
        }
        if (command instanceof DeleteVolume delete) {
            return delete(delete);
        }
        if (command instanceof ExtendVolume extend) {
            return extend(extend);
        }
        throw new IllegalStateException("Unknown command type " + command.getClass().getName());
    }

    private CommandOutcome create(CreateVolume command) {
        BiFunction<FailureReason, String, CommandResult> failure = (reason, message) -> new VolumeCreationFailed(UUID.randomUUID(),
                command.commandId(), command.volumeId(), command.hostId(), Instant.now(), reason, message);
        return carryOut(command, failure, host -> {
            HostVolume volume = switch (kindOf(command.kind())) {
                case FILE -> host.createFile(command);
                case LVM -> host.createLogicalVolume(command);
                case SNAPSHOT -> host.createSnapshot(command);
                case PHYSICAL -> host.describePhysical(command);
                case NFS_ROOT -> throw new HostOperationException(FailureReason.INVALID_ARGUMENT, NFS_ROOT_ELSEWHERE);
            };
            return new CommandOutcome(new VolumeCreated(UUID.randomUUID(), command.commandId(), command.volumeId(), command.hostId(),
                    Instant.now(), volume.path(), volume.sizeBytes(), volume.allocatedBytes(), volume.filesystem(),
                    volume.mountedReadWrite()), volume.changed());
        });
    }

    private CommandOutcome delete(DeleteVolume command) {
        BiFunction<FailureReason, String, CommandResult> failure = (reason, message) -> new VolumeDeletionFailed(UUID.randomUUID(),
                command.commandId(), command.volumeId(), command.hostId(), Instant.now(), reason, message);
        return carryOut(command, failure, host -> {
            boolean removed = switch (kindOf(command.kind())) {
                case FILE -> host.deleteFile(command);
                case LVM, SNAPSHOT -> host.deleteLogicalVolume(command);
                // The device is only no longer handed out: nothing on the host changes.
                case PHYSICAL -> false;
                case NFS_ROOT -> throw new HostOperationException(FailureReason.INVALID_ARGUMENT, NFS_ROOT_ELSEWHERE);
            };
            return new CommandOutcome(new VolumeDeleted(UUID.randomUUID(), command.commandId(), command.volumeId(), command.hostId(),
                    Instant.now()), removed);
        });
    }

    private CommandOutcome extend(ExtendVolume command) {
        BiFunction<FailureReason, String, CommandResult> failure = (reason, message) -> new VolumeExtensionFailed(UUID.randomUUID(),
                command.commandId(), command.volumeId(), command.hostId(), Instant.now(), sizeNow(command), reason, message);
        return carryOut(command, failure, host -> {
            Resize resize = switch (kindOf(command.kind())) {
                case FILE -> host.extendFile(command);
                case LVM, SNAPSHOT -> host.extendLogicalVolume(command);
                case PHYSICAL -> throw new HostOperationException(FailureReason.INVALID_ARGUMENT,
                        "PHYSICAL volumes are existing devices of dom0: domstore does not grow them");
                case NFS_ROOT -> throw new HostOperationException(FailureReason.INVALID_ARGUMENT, NFS_ROOT_ELSEWHERE);
            };
            return new CommandOutcome(new VolumeExtended(UUID.randomUUID(), command.commandId(), command.volumeId(), command.hostId(),
                    Instant.now(), resize.sizeBytes()), resize.changed());
        });
    }

    /** The size the volume keeps after a failed extend, as the host has it now; 0 when it cannot be told. */
    private long sizeNow(ExtendVolume command) {
        try {
            return hosts.get(command.hostId()).map(host -> host.currentSizeBytes(command)).orElse(OptionalLong.empty()).orElse(0);
        } catch (RuntimeException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.debugf("Cannot read the size of volume %s after a failed extend: %s", command.volumeId(), e.getMessage());
            return 0;
        }
    }

    private static VolumeKind kindOf(VolumeKind kind) {
        if (kind == null) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, "The command has no volume kind");
        }
        return kind;
    }

    /** Finds the command's host, and turns every failure of {@code work} into the command's failure result, but for a host that does not answer. */
    private CommandOutcome carryOut(Command command, BiFunction<FailureReason, String, CommandResult> failure,
            Function<HostOperations, CommandOutcome> work) {
        String what = command.getClass().getSimpleName() + " " + command.commandId() + " for volume " + command.volumeId();
        Optional<HostOperations> host = hosts.get(command.hostId());
        if (host.isEmpty()) {
            return new CommandOutcome(failure.apply(FailureReason.INVALID_ARGUMENT, "Host " + command.hostId()
                    + " is not carried by this agent (it carries " + String.join(", ", hosts.ids()) + ")"), false);
        }
        try {
            return work.apply(host.get());
        } catch (HostOperationException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.warnf("%s failed (%s): %s", what, e.reason(), e.getMessage());
            return new CommandOutcome(failure.apply(e.reason(), e.getMessage()), false);
        } catch (RuntimeException e) {
            HostReachability.rethrowIfUnreachable(e);
            LOG.errorf(e, "%s failed unexpectedly", what);
            return new CommandOutcome(failure.apply(FailureReason.INTERNAL, "The agent failed unexpectedly: " + e), false);
        }
    }
}
