package dev.domstore.agent.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.HostTests;
import dev.domstore.agent.exec.HostCommandRunnerProducer;
import dev.domstore.agent.file.FileVolumes;
import dev.domstore.agent.file.ImageRoot;
import dev.domstore.agent.loop.LoopDevices;
import dev.domstore.agent.loop.Populator;
import dev.domstore.agent.lvm.LvmCommands;
import dev.domstore.agent.lvm.LvmVolumes;
import dev.domstore.agent.phy.BlockDevices;
import dev.domstore.agent.phy.PhysicalDevices;
import dev.domstore.common.messages.HostReport;
import dev.domstore.hostexec.HostCommandRunner;

/** The real host's report when LVM cannot be run: the rest of the report is still made, with empty LVM lists. */
class RealHostReportTest {
    @TempDir
    Path dir;

    @Test
    void reportWithoutLvmHasEmptyLvmListsAndEverythingElse() throws Exception {
        // The tools are not on this PATH: every LVM command fails to start, as on a host without lvm2.
        // Only LVM: the host's files and its other tools are there.
        HostCommandRunner noTools = HostCommandRunnerProducer.runner(List.of("env", "PATH=/nonexistent"), Duration.ofSeconds(30));
        HostCommandRunner runner = HostTests.runner();
        Path imageRoot = Files.createDirectories(dir.resolve("images"));
        LoopDevices loops = new LoopDevices(runner);
        BlockDevices blocks = new BlockDevices(runner.files());
        RealHost host = new RealHost("h1", "host-1.example", new FileVolumes(new ImageRoot(imageRoot), runner, loops),
                new LvmVolumes(new LvmCommands(false), noTools, new Populator(runner, loops, dir.resolve("mnt"), Duration.ofMinutes(1)), blocks),
                new PhysicalDevices(runner, blocks, Path.of("/sys")), loops, blocks);

        HostReport first = host.report();
        HostReport second = host.report();

        for (HostReport report : List.of(first, second)) {
            assertEquals(List.of(), report.volumeGroups());
            assertEquals(List.of(), report.logicalVolumes());
            assertEquals("h1", report.hostId());
            assertEquals("host-1.example", report.hostname());
            assertFalse(report.simulated());
            assertEquals(imageRoot.toString(), report.imageRoot());
            assertTrue(report.imageRootFreeBytes() > 0);
            assertTrue(report.loopDeviceLimit() > 0);
            assertTrue(report.blockDevices().stream().anyMatch(device -> device.sizeBytes() > 0), report.blockDevices().toString());
        }
        assertThrows(RuntimeException.class, host::snapshotUsage, "the telemetry logs this once and publishes nothing");
    }
}
