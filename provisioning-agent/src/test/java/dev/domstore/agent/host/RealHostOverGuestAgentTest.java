package dev.domstore.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.TestRunner;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.loop.Populator;
import dev.domstore.agent.loop.XenStoreDomainDisks;
import dev.domstore.agent.lvm.LvmCommands;
import dev.domstore.agent.lvm.LvmVolumes;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.agent.phy.PhysicalDevices;
import dev.domstore.common.messages.HostReport;
import dev.domstore.hostexec.HostUnreachableException;

/**
 * This machine's report, made as over the guest agent transport, where every command and every
 * host file call is a round trip to the guest: how many of each one report takes, and that a host
 * that stops answering part-way fails the report instead of reporting that part empty.
 */
class RealHostOverGuestAgentTest {
    @TempDir
    Path dir;
    private TestRunner runner;
    private RealHost host;

    @BeforeEach
    void setUp() throws Exception {
        Path imageRoot = Files.createDirectories(dir.resolve("images"));
        runner = new TestRunner();
        // As HostsProducer and CDI put it together.
        BlockDevices blocks = new BlockDevices(runner.files());
        LoopDevices loops = new LoopDevices(runner, new BlockDevices(runner.files()), imageRoot, new XenStoreDomainDisks(runner));
        host = new RealHost("guest-1", "guest-1.example", new FileVolumes(new ImageRoot(imageRoot), runner, loops),
                new LvmVolumes(new LvmCommands(true), runner, new Populator(runner, loops, dir.resolve("mnt"), Duration.ofMinutes(1)), blocks),
                new PhysicalDevices(runner, blocks, Path.of("/sys")), loops, blocks);
    }

    @Test
    void oneReportTakesAFewFileCallsPerBlockDeviceAndAHandfulOfCommands() throws Exception {
        host.report();
        runner.clear();

        HostReport report = host.report();

        int fileCalls = runner.files().total();
        List<List<String>> commands = runner.commandsOnly();
        int disks = Files.list(Path.of("/sys/block")).toList().size();
        int partitions = (int) report.blockDevices().stream().filter(device -> !Files.exists(Path.of("/sys/block")
                .resolve(Path.of(device.path()).getFileName()))).count();
        System.out.printf("One host report over the guest agent: %d host file calls %s and %d commands %s, "
                + "with %d entries in /sys/block and %d partitions%n", fileCalls, runner.files().byMethod(), commands.size(),
                commands.stream().map(argv -> argv.get(0)).toList(), disks, partitions);
        // Per disk: its directory listed and its size read, its holders listed when it has a size; per partition the
        // same plus its 'partition' file; and /sys/block, /proc/mounts, max_loop, the image root (two) and its free space.
        Map<String, Integer> byMethod = runner.files().byMethod();
        assertTrue(fileCalls <= 6 + 3 * disks + 4 * partitions + byMethod.getOrDefault("realPath", 0), byMethod.toString());
        assertEquals(0, byMethod.getOrDefault("exists", 0) - partitions, "'partition' files are only looked for where a partition can be");
        assertTrue(commands.size() <= 4, commands.toString());
    }

    @Test
    void hostThatStopsAnsweringPartWayFailsTheReportInsteadOfReportingThatPartEmpty() {
        runner.unreachableWhen(argv -> argv.get(0).equals("vgs"));
        assertThrows(HostUnreachableException.class, host::report, "no VGs would tell the inventory its LVs are gone");

        runner.unreachableWhen(argv -> argv.get(0).equals("find"));
        assertThrows(HostUnreachableException.class, host::report, "no images would tell the inventory its images are gone");

        runner.unreachableWhen(argv -> argv.get(0).equals(TestRunner.FILES) && argv.get(1).equals("list"));
        assertThrows(HostUnreachableException.class, host::report);

        runner.unreachableWhen(argv -> false);
        assertEquals("guest-1", host.report().hostId());
    }
}
