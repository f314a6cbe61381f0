package dev.domstore.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.HostTests;
import dev.domstore.agent.exec.HostCommandRunnerProducer;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.loop.DomainDisks;
import dev.domstore.agent.loop.LoopCommands;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.loop.Populator;
import dev.domstore.agent.lvm.LvmCommands;
import dev.domstore.agent.lvm.LvmVolumes;
import dev.domstore.agent.messaging.CommandDispatcher;
import dev.domstore.agent.messaging.CommandJournal;
import dev.domstore.agent.messaging.CommandOutcome;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.agent.phy.PhysicalDevices;
import dev.domstore.common.Filesystem;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.hostexec.HostUnreachableException;
import dev.domstore.testsupport.LocalQemuGuestAgent;
import dev.domstore.testsupport.Prerequisites;

/**
 * The real host reached through a real qemu-ga, as root: the "guest" is this machine, so what the
 * agent sees and does through the guest agent is compared with what it sees directly. The guest
 * agent is then stopped, as when a guest reboots: nothing fails, and a command waits for it.
 */
class RealHostOverQemuGuestAgentTest {
    private static final String HOST = "guest-1";

    @TempDir
    Path dir;
    private Path imageRoot;
    private LocalQemuGuestAgent qga;
    private HostCommandRunner guest;
    private RealHost overGuest;
    private RealHost direct;

    @BeforeEach
    void setUp() throws Exception {
        Prerequisites.requireLoopDevices(RealHostOverQemuGuestAgentTest.class, "qemu-ga, losetup and mount");
        imageRoot = Files.createDirectories(dir.resolve("images"));
        qga = LocalQemuGuestAgent.start(dir.resolve("qga"));
        guest = HostCommandRunner.overGuestAgent(qga.socket(), Duration.ofMinutes(2), HostCommandRunnerProducer.ENVIRONMENT);
        overGuest = host(guest);
        direct = host(HostTests.runner());
    }

    @AfterEach
    void stop() throws Exception {
        if (guest != null) {
            guest.close();
        }
        if (qga != null) {
            qga.close();
        }
    }

    /** As HostsProducer and CDI put a host together. */
    private RealHost host(HostCommandRunner runner) {
        BlockDevices blocks = new BlockDevices(runner.files());
        LoopDevices loops = new LoopDevices(runner, new BlockDevices(runner.files()), imageRoot, DomainDisks.NONE);
        Populator populator = new Populator(runner, loops, dir.resolve("mnt"), Duration.ofMinutes(2));
        return new RealHost(HOST, "guest-1.example", new FileVolumes(new ImageRoot(imageRoot), runner, loops, populator),
                new LvmVolumes(new LvmCommands(true), runner, populator, blocks), new PhysicalDevices(runner, blocks, Path.of("/sys")),
                loops, blocks);
    }

    @Test
    void reportThroughTheGuestAgentIsTheReportOfTheHostItself() throws Exception {
        Path image = imageRoot.resolve("with space");
        guest.run(List.of("truncate", "-s", "8M", image.toString()));
        String device = HostTests.runner().run(LoopCommands.attach(image)).stdout().strip();
        try {
            overGuest.report();
            long started = System.nanoTime();
            HostReport viaGuest = overGuest.report();
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            HostReport itself = direct.report();
            System.out.printf("One host report through a real qemu-ga on this machine took %d ms%n", millis);

            assertTrue(viaGuest.loopDevices().contains(new HostReport.LoopDevice(device, image.toString(), false)), viaGuest.loopDevices().toString());
            assertEquals(itself.loopDevices(), viaGuest.loopDevices());
            assertEquals(itself.loopDeviceLimit(), viaGuest.loopDeviceLimit());
            assertEquals(itself.blockDevices(), viaGuest.blockDevices());
            assertEquals(itself.images(), viaGuest.images());
            assertEquals(itself.volumeGroups(), viaGuest.volumeGroups());
            assertEquals(itself.logicalVolumes(), viaGuest.logicalVolumes());
            assertEquals(itself.imageRoot(), viaGuest.imageRoot());
            assertTrue(Math.abs(itself.imageRootFreeBytes() - viaGuest.imageRootFreeBytes()) < 256L << 20,
                    itself.imageRootFreeBytes() + " and " + viaGuest.imageRootFreeBytes());
        } finally {
            HostTests.runner().run(LoopCommands.detach(device));
        }
    }

    @Test
    void fileVolumeIsMadeAndFilledThroughTheGuestAgent() throws Exception {
        Path template = Files.createDirectories(dir.resolve("template/etc"));
        Files.writeString(template.resolve("hostname"), "vm1\n");
        CreateVolume command = CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), "vm1disk", 32L << 20,
                Filesystem.EXT4, imageRoot.resolve("vm1disk").toString(), dir.resolve("template").toString());

        HostVolume made = overGuest.createFile(command);

        Path image = imageRoot.resolve("vm1disk");
        assertEquals(image.toString(), made.path());
        assertEquals(32L << 20, made.sizeBytes());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(image, LinkOption.NOFOLLOW_LINKS)));
        assertEquals("vm1\n", HostTests.runner().run(List.of("debugfs", "-R", "cat /etc/hostname", image.toString())).stdout());
        assertTrue(direct.report().loopDevices().stream().noneMatch(loop -> loop.backingFile().equals(image.toString())), "detached again");
        try (var left = Files.list(dir.resolve("mnt"))) {
            assertEquals(List.of(), left.toList(), "no mount point left behind");
        }
        assertEquals(false, overGuest.createFile(command).changed(), "made already, as asked");
    }

    @Test
    void hostThatStopsAnsweringIsWaitedForNotFailed() throws Exception {
        qga.stop();

        assertThrows(HostUnreachableException.class, overGuest::report, "no report rather than an empty one");

        List<Duration> pauses = new ArrayList<>();
        HostReachability reachability = new HostReachability(Duration.ofSeconds(1), Duration.ofSeconds(10), (pause, what, cause) -> {
            pauses.add(pause);
            if (pauses.size() == 2) {
                qga.start();
            }
        });
        CreateVolume command = CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), HOST, Instant.now(), "vm2disk", 1L << 20, null,
                imageRoot.resolve("vm2disk").toString(), null);
        CommandJournal journal = new CommandJournal(dir.resolve("state"), 100);
        try {
            CommandDispatcher dispatcher = new CommandDispatcher(new Hosts(List.of(overGuest)), journal);

            CommandOutcome outcome = reachability.retryUntilReachable(HOST, "CreateVolume", () -> dispatcher.execute(command));

            assertInstanceOf(VolumeCreated.class, outcome.result());
            assertEquals(2, pauses.size());
            assertEquals(1, journal.size());
        } finally {
            journal.close();
        }
        assertTrue(Files.isRegularFile(imageRoot.resolve("vm2disk")));
        assertEquals(HOST, overGuest.report().hostId());
    }
}
