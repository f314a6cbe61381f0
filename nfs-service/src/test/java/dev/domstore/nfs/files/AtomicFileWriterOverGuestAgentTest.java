package dev.domstore.nfs.files;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.testsupport.LocalQemuGuestAgent;

/**
 * Every test of {@link AtomicFileWriterTest}, with the writer on the managed host's files reached through a real
 * qemu-guest-agent (the transport of an NFS server that is a QEMU guest): each step is a command in the "guest", which
 * is this machine, so the outcome is checked on disk as before. The kill -9 between write and rename kills a child JVM
 * that writes through the agent too.
 */
class AtomicFileWriterOverGuestAgentTest extends AtomicFileWriterTest {
    @TempDir
    static Path agentDirectory;
    static LocalQemuGuestAgent agent;
    static HostCommandRunner runner;

    @BeforeAll
    static void startTheGuestAgent() {
        agent = LocalQemuGuestAgent.start(agentDirectory);
        runner = HostCommandRunner.overGuestAgent(agent.socket(), Duration.ofSeconds(30), Map.of());
    }

    @AfterAll
    static void stopTheGuestAgent() {
        runner.close();
        agent.close();
    }

    @Override
    HostFiles files() {
        return runner.files();
    }

    /** The runner lets go of its connection; its next command makes a new one, once the child is gone. */
    @Override
    void letAnotherProcessConnect() {
        runner.close();
    }

    @Override
    List<String> crashChildArguments() {
        return List.of(agent.socket().toString());
    }

    /**
     * Not here: 240 writes of 200 KiB through one guest agent, whose requests are serialised, would take long and prove
     * nothing more about the rename, which is the same rename(2) as with java.nio ({@code mv -T}).
     */
    @Override
    void concurrentWritersNeverProduceATruncatedOrMixedFile() {
    }
}
