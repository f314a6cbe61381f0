package dev.domstore.agent.messaging;

import java.time.Instant;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.domstore.agent.exec.HostOperationException;
import dev.domstore.agent.file.FileImage;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.common.FailureReason;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.Command;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeCreationFailed;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.common.messages.VolumeDeletionFailed;

/** Carries out one command on this host with the subsystem for its kind, and turns every outcome, failures included, into a result. */
@ApplicationScoped
public class CommandDispatcher {
    private static final Logger LOG = Logger.getLogger(CommandDispatcher.class);

    private final FileVolumes fileVolumes;

    public CommandDispatcher(FileVolumes fileVolumes) {
        this.fileVolumes = fileVolumes;
    }

    public CommandOutcome execute(Command command) {
        if (command instanceof CreateVolume create) {
            return create(create);
        }
        if (command instanceof DeleteVolume delete) {
            return delete(delete);
        }
        throw new IllegalStateException("Unknown command type " + command.getClass().getName());
    }

    private CommandOutcome create(CreateVolume command) {
        return carryOut(command, command.kind(), (reason, message) -> new VolumeCreationFailed(UUID.randomUUID(),
                command.commandId(), command.volumeId(), command.hostId(), Instant.now(), reason, message), () -> {
                    FileImage image = fileVolumes.create(command);
                    VolumeCreated created = new VolumeCreated(UUID.randomUUID(), command.commandId(), command.volumeId(),
                            command.hostId(), Instant.now(), image.path().toString(), image.sizeBytes(), image.allocatedBytes(),
                            image.filesystem());
                    return new CommandOutcome(created, image.createdNow());
                });
    }

    private CommandOutcome delete(DeleteVolume command) {
        return carryOut(command, command.kind(), (reason, message) -> new VolumeDeletionFailed(UUID.randomUUID(),
                command.commandId(), command.volumeId(), command.hostId(), Instant.now(), reason, message), () -> {
                    boolean removed = fileVolumes.delete(command);
                    VolumeDeleted deleted = new VolumeDeleted(UUID.randomUUID(), command.commandId(), command.volumeId(),
                            command.hostId(), Instant.now());
                    return new CommandOutcome(deleted, removed);
                });
    }

    /** Refuses kinds this agent cannot handle yet, and turns every failure of {@code work} into the command's failure result. */
    private static CommandOutcome carryOut(Command command, VolumeKind kind,
            BiFunction<FailureReason, String, CommandResult> failure, Supplier<CommandOutcome> work) {
        String what = command.getClass().getSimpleName() + " " + command.commandId() + " for volume " + command.volumeId();
        if (kind != VolumeKind.FILE) {
            return new CommandOutcome(failure.apply(FailureReason.INVALID_ARGUMENT, "kind " + kind + " not supported by this agent yet"), false);
        }
        try {
            return work.get();
        } catch (HostOperationException e) {
            LOG.warnf("%s failed (%s): %s", what, e.reason(), e.getMessage());
            return new CommandOutcome(failure.apply(e.reason(), e.getMessage()), false);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s failed unexpectedly", what);
            return new CommandOutcome(failure.apply(FailureReason.INTERNAL, "The agent failed unexpectedly: " + e), false);
        }
    }
}
