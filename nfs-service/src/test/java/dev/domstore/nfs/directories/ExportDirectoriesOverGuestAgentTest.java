package dev.domstore.nfs.directories;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.testsupport.LocalQemuGuestAgent;

/**
 * Every test of {@link ExportDirectoriesTest}, with the NFS server reached through a real qemu-guest-agent: the checks,
 * mkdir, cp -a, the rename of the staging directory and its removal all run in the "guest", which is this machine.
 */
class ExportDirectoriesOverGuestAgentTest extends ExportDirectoriesTest {
    @TempDir
    static Path agentDirectory;
    static LocalQemuGuestAgent agent;

    @BeforeAll
    static void startTheGuestAgent() {
        agent = LocalQemuGuestAgent.start(agentDirectory);
    }

    @AfterAll
    static void stopTheGuestAgent() {
        agent.close();
    }

    @Override
    HostCommandRunner runner() {
        return HostCommandRunner.overGuestAgent(agent.socket(), Duration.ofSeconds(30), Map.of());
    }

    /** guest-exec replaces the environment, and the runner finds programs through the PATH it gives. */
    @Override
    HostCommandRunner runnerWithFirstOnPath(Path fakeBin) {
        return HostCommandRunner.overGuestAgent(agent.socket(), Duration.ofMinutes(1), Map.of("PATH", fakeBin + ":/usr/sbin:/usr/bin:/sbin:/bin"));
    }
}
