package dev.domstore.agent.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.TestRunner;
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
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.ExtendVolume;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeExtended;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.hostexec.HostUnreachableException;

/**
 * A command on a host that does not answer for its first tries (a guest being restarted): no
 * failure result is made nor remembered, and the command is carried out again, as the consumer
 * does it, until the host answers; then it succeeds once, with one result. The host is this
 * machine, with a runner that finds it away for the first N commands.
 */
class UnreachableHostCommandTest {
    private static final String HOST = "guest-1";

    @TempDir
    Path workDir;
    private Path imageRoot;
    private TestRunner runner;
    private CommandJournal journal;
    private CommandDispatcher dispatcher;
    private final List<Duration> pauses = new ArrayList<>();
    private HostReachability reachability;

    @BeforeEach
    void setUp() throws Exception {
        imageRoot = Files.createDirectories(workDir.resolve("images"));
        runner = new TestRunner();
        journal = new CommandJournal(workDir.resolve("state"), 100);
        LoopDevices loops = new LoopDevices(runner);
        BlockDevices blocks = new BlockDevices(runner.files());
        LvmVolumes lvm = new LvmVolumes(new LvmCommands(true), runner, new Populator(runner, loops, workDir.resolve("mnt"),
                Duration.ofMinutes(1)), blocks);
        Hosts hosts = new Hosts(List.of(new RealHost(HOST, "guest-1.example", new FileVolumes(new ImageRoot(imageRoot), runner, loops), lvm,
                new PhysicalDevices(runner, blocks, Path.of("/sys")), loops, blocks)));
        dispatcher = new CommandDispatcher(hosts, journal);
        reachability = new HostReachability(Duration.ofSeconds(1), Duration.ofSeconds(10), (pause, what, cause) -> pauses.add(pause));
    }

    @AfterEach
    void closeJournal() {
        journal.close();
    }

    @Test
    void hostAwayIsNeitherAFailureNorRemembered() {
        CreateVolume command = createFile("vm1disk");
        runner.unreachableWhen(argv -> argv.get(0).equals("truncate"));

        assertThrows(HostUnreachableException.class, () -> dispatcher.execute(command));

        assertEquals(Optional.empty(), journal.lookup(command.commandId()), "no result to hand out again");
        assertTrue(runner.files().byMethod().containsKey("createFile"), runner.files().byMethod().toString());
        assertTrue(Files.notExists(imageRoot.resolve("vm1disk.partial")), "what the try made is cleaned up");
        assertTrue(Files.notExists(imageRoot.resolve("vm1disk")));
    }

    @Test
    void commandIsCarriedOutAgainUntilTheHostAnswersThenSucceedsOnce() {
        CreateVolume command = createFile("vm2disk");
        runner.unreachableForNext(3);

        CommandOutcome outcome = reachability.retryUntilReachable(HOST, "CreateVolume " + command.commandId(),
                () -> dispatcher.execute(command));

        VolumeCreated created = assertInstanceOf(VolumeCreated.class, outcome.result());
        assertEquals(imageRoot.resolve("vm2disk").toString(), created.path());
        assertEquals(1L << 20, created.sizeBytes());
        assertTrue(Files.isRegularFile(imageRoot.resolve("vm2disk")));
        assertEquals(3, runner.unreachableThrown());
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4)), pauses);
        assertEquals(Optional.of(created), journal.lookup(command.commandId()), "the one result, remembered once");
        assertEquals(1, journal.size());
    }

    @Test
    void hostAwayWhileAFailureIsBeingDescribedIsStillNoFailure() {
        CreateVolume create = createFile("vm3disk");
        assertInstanceOf(VolumeCreated.class, dispatcher.execute(create).result());
        // Shrinking fails (INVALID_ARGUMENT) after the image's size is read; the failure result then reads it again: the host is away by then.
        ExtendVolume shrink = extendFile(create, 1L << 19);
        AtomicInteger sizes = new AtomicInteger();
        runner.unreachableWhen(argv -> argv.equals(List.of(TestRunner.FILES, "size", create.imagePath())) && sizes.incrementAndGet() == 2);

        assertThrows(HostUnreachableException.class, () -> dispatcher.execute(shrink));
        assertEquals(2, sizes.get());
        assertEquals(Optional.empty(), journal.lookup(shrink.commandId()), "no failure result with a size of 0 to hand out again");

        runner.unreachableWhen(argv -> false);
        ExtendVolume grow = extendFile(create, 2L << 20);
        runner.unreachableForNext(5);
        CommandOutcome grown = reachability.retryUntilReachable(HOST, "ExtendVolume", () -> dispatcher.execute(grow));
        assertEquals(2L << 20, assertInstanceOf(VolumeExtended.class, grown.result()).sizeBytes());
    }

    private static ExtendVolume extendFile(CreateVolume create, long size) {
        return new ExtendVolume(UUID.randomUUID(), create.volumeId(), HOST, Instant.now(), VolumeKind.FILE, create.name(), null,
                create.imagePath(), size, null);
    }

    private CreateVolume createFile(String name) {
        return CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), name, 1L << 20, null,
                imageRoot.resolve(name).toString(), null);
    }
}
