package dev.domstore.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.exec.HostCommandRunnerProducer;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.host.Hosts;
import dev.domstore.agent.host.RealHost;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.loop.Populator;
import dev.domstore.agent.lvm.LvmCommands;
import dev.domstore.agent.lvm.LvmVolumes;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.agent.phy.PhysicalDevices;
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
import dev.domstore.hostexec.HostCommandRunner;

/** The dispatcher with the real host (FILE on a temporary image root, LVM, block devices) and a journal on a real directory. */
class CommandDispatcherTest {
    private static final String HOST = "test-host-1";

    @TempDir
    Path workDir;
    private Path imageRoot;
    private Path stateDir;
    private CommandJournal journal;
    private CommandDispatcher dispatcher;

    @BeforeEach
    void setUp() throws Exception {
        imageRoot = Files.createDirectories(workDir.resolve("images"));
        stateDir = workDir.resolve("state");
        journal = new CommandJournal(stateDir, 10_000);
        dispatcher = new CommandDispatcher(hosts(), journal);
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    /** A fresh real host, as an agent process builds it on start. */
    private Hosts hosts() {
        HostCommandRunner runner = HostCommandRunnerProducer.runner(List.of(), Duration.ofMinutes(1));
        LoopDevices loops = new LoopDevices(runner);
        BlockDevices blocks = new BlockDevices(runner.files());
        LvmVolumes lvm = new LvmVolumes(new LvmCommands(true), runner, new Populator(runner, loops, workDir.resolve("mnt"),
                Duration.ofMinutes(1)), blocks);
        return new Hosts(List.of(new RealHost(HOST, "test", new FileVolumes(new ImageRoot(imageRoot), runner, loops), lvm,
                new PhysicalDevices(runner, blocks, Path.of("/sys")), loops, blocks)));
    }

    @Test
    void createdVolumeIsReportedWithItsCommandAndASecondCommandForItChangesNothing() {
        CreateVolume command = createFile("vm1disk");
        CreateVolume sameAgain = CreateVolume.file(UUID.randomUUID(), command.volumeId(), HOST, Instant.now(), "vm1disk", 1L << 20, null,
                command.imagePath(), null);

        CommandOutcome first = dispatcher.execute(command);
        CommandOutcome second = dispatcher.execute(sameAgain);

        VolumeCreated created = assertInstanceOf(VolumeCreated.class, first.result());
        assertEquals(command.commandId(), created.commandId());
        assertEquals(command.volumeId(), created.volumeId());
        assertEquals(HOST, created.hostId());
        assertEquals(imageRoot.resolve("vm1disk").toString(), created.path());
        assertEquals(1L << 20, created.sizeBytes());
        assertTrue(first.hostChanged());
        assertFalse(second.hostChanged());
        assertEquals(sameAgain.commandId(), second.result().commandId());
        assertNotEquals(created.messageId(), second.result().messageId());
    }

    @Test
    void redeliveredCommandReturnsItsFirstResultWithoutActingAgain() throws Exception {
        CreateVolume command = createFile("vm2disk");
        CommandOutcome first = dispatcher.execute(command);
        Path image = imageRoot.resolve("vm2disk");
        assertTrue(Files.exists(image));
        // Someone deletes the image by hand: carrying the command out again would make it anew.
        Files.delete(image);

        CommandOutcome redelivered = dispatcher.execute(command);

        assertEquals(first.result(), redelivered.result(), "the very same result, message id included");
        assertFalse(redelivered.hostChanged());
        assertFalse(Files.exists(image), "the command was not carried out again");
    }

    @Test
    void firstResultStandsEvenWhenItWasAFailure() throws Exception {
        Path taken = Files.writeString(imageRoot.resolve("taken"), "not an image");
        CreateVolume command = createFile("taken");
        VolumeCreationFailed failed = assertInstanceOf(VolumeCreationFailed.class, dispatcher.execute(command).result());
        assertEquals(FailureReason.CONFLICT, failed.reason());
        Files.delete(taken);

        CommandOutcome redelivered = dispatcher.execute(command);

        assertEquals(failed, redelivered.result());
        assertFalse(Files.exists(taken), "a redelivered command is answered, not retried: the inventory sends a new command to retry");
    }

    @Test
    void agentRestartedMidStreamCarriesOutEachCommandExactlyOnce() throws Exception {
        List<Command> stream = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            stream.add(createFile("vm-r" + i));
        }
        CreateVolume third = (CreateVolume) stream.get(2);
        stream.add(new DeleteVolume(UUID.randomUUID(), third.volumeId(), HOST, Instant.now(), VolumeKind.FILE, third.name(),
                third.imagePath(), null));
        List<CommandResult> firstResults = new ArrayList<>();
        firstResults.add(dispatcher.execute(stream.get(0)).result());
        firstResults.add(dispatcher.execute(stream.get(1)).result());
        // The agent dies after carrying out two commands, before Kafka had their offsets committed.
        journal.close();
        Files.delete(imageRoot.resolve("vm-r1"));
        Files.delete(imageRoot.resolve("vm-r2"));

        journal = new CommandJournal(stateDir, 10_000);
        CommandDispatcher restarted = new CommandDispatcher(hosts(), journal);
        List<CommandOutcome> afterRestart = stream.stream().map(restarted::execute).toList();

        assertEquals(firstResults.get(0), afterRestart.get(0).result());
        assertEquals(firstResults.get(1), afterRestart.get(1).result());
        assertFalse(Files.exists(imageRoot.resolve("vm-r1")), "not made again");
        assertFalse(Files.exists(imageRoot.resolve("vm-r2")), "not made again");
        assertTrue(afterRestart.get(2).hostChanged());
        assertTrue(afterRestart.get(3).hostChanged());
        assertInstanceOf(VolumeDeleted.class, afterRestart.get(4).result());
        assertFalse(Files.exists(imageRoot.resolve("vm-r3")));
        assertTrue(Files.exists(imageRoot.resolve("vm-r4")));

        // Everything delivered once more, by yet another agent process: nothing changes, every result is the one published first.
        journal.close();
        journal = new CommandJournal(stateDir, 10_000);
        CommandDispatcher again = new CommandDispatcher(hosts(), journal);
        for (int i = 0; i < stream.size(); i++) {
            CommandOutcome outcome = again.execute(stream.get(i));
            assertFalse(outcome.hostChanged());
            assertEquals(i < 2 ? firstResults.get(i) : afterRestart.get(i).result(), outcome.result());
        }
        assertFalse(Files.exists(imageRoot.resolve("vm-r3")), "the create before the delete was not carried out again");
    }

    @Test
    void everyKindGoesToItsSubsystem() {
        CreateVolume lvm = CreateVolume.lvm(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), "dsnosuchvg", "lv1", 1L << 20, null,
                null);
        CreateVolume physical = CreateVolume.physical(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), "null", "/dev/null");
        DeleteVolume physicalDelete = new DeleteVolume(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), VolumeKind.PHYSICAL,
                "hda3", null, null);
        DeleteVolume snapshotDelete = new DeleteVolume(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), VolumeKind.SNAPSHOT,
                "snap1", null, "dsnosuchvg");

        VolumeCreationFailed lvmFailed = assertInstanceOf(VolumeCreationFailed.class, dispatcher.execute(lvm).result());
        VolumeCreationFailed notABlockDevice = assertInstanceOf(VolumeCreationFailed.class, dispatcher.execute(physical).result());
        CommandOutcome physicalDeleted = dispatcher.execute(physicalDelete);
        CommandOutcome snapshotGone = dispatcher.execute(snapshotDelete);

        assertTrue(lvmFailed.reason() == FailureReason.NOT_FOUND, lvmFailed.reason() + ": " + lvmFailed.message());
        assertEquals(FailureReason.INVALID_ARGUMENT, notABlockDevice.reason());
        assertTrue(notABlockDevice.message().contains("character device"), notABlockDevice.message());
        assertInstanceOf(VolumeDeleted.class, physicalDeleted.result());
        assertFalse(physicalDeleted.hostChanged(), "deleting a PHYSICAL volume does not touch the host");
        assertInstanceOf(VolumeDeleted.class, snapshotGone.result(), "a snapshot whose VG is gone is gone");
    }

    @Test
    void nfsRootIsForTheNfsService() {
        CreateVolume create = new CreateVolume(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), VolumeKind.NFS_ROOT, "root1", 0,
                null, null, null, null, null, null);
        DeleteVolume delete = new DeleteVolume(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), VolumeKind.NFS_ROOT, "root1",
                null, null);
        ExtendVolume extend = new ExtendVolume(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), VolumeKind.NFS_ROOT, "root1",
                null, null, 1L << 30, null);

        VolumeCreationFailed created = assertInstanceOf(VolumeCreationFailed.class, dispatcher.execute(create).result());
        VolumeDeletionFailed deleted = assertInstanceOf(VolumeDeletionFailed.class, dispatcher.execute(delete).result());
        VolumeExtensionFailed extended = assertInstanceOf(VolumeExtensionFailed.class, dispatcher.execute(extend).result());

        for (var failure : List.of(created.reason(), deleted.reason(), extended.reason())) {
            assertEquals(FailureReason.INVALID_ARGUMENT, failure);
        }
        assertEquals("NFS_ROOT volumes are carried out by the nfs-service of the NFS server host", created.message());
        assertEquals(created.message(), deleted.message());
        assertEquals(created.message(), extended.message());
    }

    @Test
    void extendGrowsAFileVolumeAndAFailedExtendKeepsTheSize() {
        CreateVolume create = createFile("vm3disk");
        dispatcher.execute(create);

        CommandOutcome grown = dispatcher.execute(extendFile(create, 2L << 20));
        CommandOutcome shrink = dispatcher.execute(extendFile(create, 512 * 1024));
        CommandOutcome physical = dispatcher.execute(new ExtendVolume(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(),
                VolumeKind.PHYSICAL, "sdb", null, null, 1L << 30, null));

        assertEquals(2L << 20, assertInstanceOf(VolumeExtended.class, grown.result()).sizeBytes());
        assertTrue(grown.hostChanged());
        VolumeExtensionFailed refused = assertInstanceOf(VolumeExtensionFailed.class, shrink.result());
        assertEquals(FailureReason.INVALID_ARGUMENT, refused.reason());
        assertEquals(2L << 20, refused.sizeBytes(), "the size the volume keeps");
        assertEquals(FailureReason.INVALID_ARGUMENT, assertInstanceOf(VolumeExtensionFailed.class, physical.result()).reason());
    }

    @Test
    void commandForAHostThisAgentDoesNotCarryIsRefused() {
        CreateVolume foreign = CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), "other-host", Instant.now(), "x", 1L << 20, null,
                imageRoot.resolve("x").toString(), null);

        VolumeCreationFailed failed = assertInstanceOf(VolumeCreationFailed.class, dispatcher.execute(foreign).result());

        assertEquals(FailureReason.INVALID_ARGUMENT, failed.reason());
        assertFalse(Files.exists(imageRoot.resolve("x")));
    }

    @Test
    void deletingWhatIsGoneSucceedsWithoutChangingTheHost() {
        DeleteVolume command = new DeleteVolume(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), VolumeKind.FILE,
                "gone", imageRoot.resolve("gone").toString(), null);

        CommandOutcome outcome = dispatcher.execute(command);

        assertEquals(command.commandId(), assertInstanceOf(VolumeDeleted.class, outcome.result()).commandId());
        assertFalse(outcome.hostChanged());
    }

    private CreateVolume createFile(String name) {
        return CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), name, 1L << 20, null,
                imageRoot.resolve(name).toString(), null);
    }

    private static ExtendVolume extendFile(CreateVolume create, long size) {
        return new ExtendVolume(UUID.randomUUID(), create.volumeId(), HOST, Instant.now(), VolumeKind.FILE, create.name(), null,
                create.imagePath(), size, null);
    }
}
