package dev.domstore.hostexec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.testsupport.LocalQemuGuestAgent;

/** Coreutils through the guest-agent transport, against a real qemu-ga on this machine: the same answers as java.nio. */
class GuestAgentHostFilesTest extends HostFilesContract {
    @TempDir
    static Path agentDirectory;
    static LocalQemuGuestAgent agent;
    static HostCommandRunner runner;

    @BeforeAll
    static void startAgent() {
        agent = LocalQemuGuestAgent.start(agentDirectory);
        runner = HostCommandRunner.overGuestAgent(agent.socket(), Duration.ofSeconds(20), Map.of());
    }

    @AfterAll
    static void stopAgent() {
        if (runner != null) {
            runner.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Override
    HostFiles files() {
        return runner.files();
    }
}
