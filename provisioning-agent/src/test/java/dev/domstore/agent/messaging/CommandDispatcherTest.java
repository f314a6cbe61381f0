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
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.exec.HostCommandRunner;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.file.LoopDevices;
import dev.domstore.common.FailureReason;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeCreationFailed;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.common.messages.VolumeDeletionFailed;

/** The dispatcher with the real FILE subsystem on a temporary image root. */
class CommandDispatcherTest {
    @TempDir
    Path imageRoot;
    private CommandDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        dispatcher = new CommandDispatcher(new FileVolumes(new ImageRoot(imageRoot),
                new HostCommandRunner(List.of(), Duration.ofMinutes(1)), new LoopDevices()));
    }

    @Test
    void createdVolumeIsReportedWithItsCommandAndChangesTheHostOnce() {
        CreateVolume command = createFile("vm1disk");

        CommandOutcome first = dispatcher.execute(command);
        CommandOutcome second = dispatcher.execute(command);

        VolumeCreated created = assertInstanceOf(VolumeCreated.class, first.result());
        assertEquals(command.commandId(), created.commandId());
        assertEquals(command.volumeId(), created.volumeId());
        assertEquals("test-host-1", created.hostId());
        assertEquals(imageRoot.resolve("vm1disk").toString(), created.path());
        assertEquals(1L << 20, created.sizeBytes());
        assertTrue(first.hostChanged());
        assertFalse(second.hostChanged());
        assertNotEquals(created.messageId(), second.result().messageId());
    }

    @Test
    void hostFailureBecomesAFailureResultWithItsReason() throws Exception {
        Files.writeString(imageRoot.resolve("taken"), "not an image");

        CommandOutcome outcome = dispatcher.execute(createFile("taken"));

        VolumeCreationFailed failed = assertInstanceOf(VolumeCreationFailed.class, outcome.result());
        assertEquals(FailureReason.CONFLICT, failed.reason());
        assertFalse(outcome.hostChanged());
    }

    @Test
    void kindsOtherThanFileAreRefusedForNow() {
        CreateVolume lvm = new CreateVolume(UUID.randomUUID(), UUID.randomUUID(), "test-host-1", Instant.now(), VolumeKind.LVM,
                "lv1", 1L << 20, null, null);
        DeleteVolume physical = new DeleteVolume(UUID.randomUUID(), UUID.randomUUID(), "test-host-1", Instant.now(),
                VolumeKind.PHYSICAL, "hda3", null);

        VolumeCreationFailed creation = assertInstanceOf(VolumeCreationFailed.class, dispatcher.execute(lvm).result());
        VolumeDeletionFailed deletion = assertInstanceOf(VolumeDeletionFailed.class, dispatcher.execute(physical).result());

        assertEquals(FailureReason.INVALID_ARGUMENT, creation.reason());
        assertEquals("kind LVM not supported by this agent yet", creation.message());
        assertEquals(FailureReason.INVALID_ARGUMENT, deletion.reason());
        assertEquals("kind PHYSICAL not supported by this agent yet", deletion.message());
    }

    @Test
    void deletingWhatIsGoneSucceedsWithoutChangingTheHost() {
        DeleteVolume command = new DeleteVolume(UUID.randomUUID(), UUID.randomUUID(), "test-host-1", Instant.now(), VolumeKind.FILE,
                "gone", imageRoot.resolve("gone").toString());

        CommandOutcome outcome = dispatcher.execute(command);

        assertEquals(command.commandId(), assertInstanceOf(VolumeDeleted.class, outcome.result()).commandId());
        assertFalse(outcome.hostChanged());
    }

    private CreateVolume createFile(String name) {
        return new CreateVolume(UUID.randomUUID(), UUID.randomUUID(), "test-host-1", Instant.now(), VolumeKind.FILE, name,
                1L << 20, null, imageRoot.resolve(name).toString());
    }
}
