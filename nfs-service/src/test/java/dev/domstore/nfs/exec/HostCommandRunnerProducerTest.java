package dev.domstore.nfs.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.nfs.config.NfsConfig;
import dev.domstore.hostexec.HostTransport;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;

/** The transport as an operator sets it, through the environment: NfsConfig read by SmallRye Config as the service reads it. */
class HostCommandRunnerProducerTest {

    @Test
    void localIsTheDefaultAndTheHostsFilesAreThisMachines() {
        try (HostCommandRunner runner = HostCommandRunnerProducer.runnerFor(config(Map.of()))) {
            assertSame(LocalHostFiles.INSTANCE, runner.files());
            assertEquals(List.of(), runner.prefix());
        }
    }

    @Test
    void theGuestAgentTransportReachesTheHostsFilesThroughTheAgent() {
        NfsConfig config = config(Map.of("DOMSTORE_NFS_TRANSPORT", "guest-agent", "DOMSTORE_NFS_GUEST_AGENT_SOCKET", "/run/domstore/nfs-guest/qga.sock"));

        assertEquals(HostTransport.GUEST_AGENT, config.transport());
        assertEquals(Path.of("/run/domstore/nfs-guest/qga.sock"), config.guestAgentSocket().orElseThrow());
        try (HostCommandRunner runner = HostCommandRunnerProducer.runnerFor(config)) {
            assertFalse(runner.files() instanceof LocalHostFiles, runner.files().getClass().getName());
            assertEquals(List.of(), runner.prefix());
        }
    }

    @Test
    void theGuestAgentTransportWithoutItsSocketStopsTheStartSayingWhatToSet() {
        NfsConfig config = config(Map.of("DOMSTORE_NFS_TRANSPORT", "guest-agent"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HostCommandRunnerProducer.runnerFor(config));

        assertTrue(e.getMessage().contains("DOMSTORE_NFS_GUEST_AGENT_SOCKET (domstore.nfs.guest-agent-socket) is not set: set it to "
                + "the host end of the managed guest's qemu-guest-agent channel"), e.getMessage());
    }

    @Test
    void aCommandPrefixIsRefusedWithTheGuestAgentTransport() {
        NfsConfig config = config(Map.of("DOMSTORE_NFS_TRANSPORT", "guest-agent", "DOMSTORE_NFS_GUEST_AGENT_SOCKET", "/run/qga.sock",
                "DOMSTORE_NFS_COMMAND_PREFIX", "nsenter,-t,1,-m,--"));

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> HostCommandRunnerProducer.runnerFor(config));

        assertTrue(e.getMessage().contains("DOMSTORE_NFS_COMMAND_PREFIX"), e.getMessage());
    }

    @Test
    void theRetryOfAnUnansweredCommandStartsAtOneSecondAndGrowsToHalfAMinute() {
        NfsConfig config = config(Map.of());

        assertEquals(java.time.Duration.ofSeconds(1), config.unreachableRetry());
        assertEquals(java.time.Duration.ofSeconds(30), config.unreachableRetryMax());
    }

    /** NfsConfig from these environment variables (and the required host id), with Quarkus' converters (Path, Duration). */
    private static NfsConfig config(Map<String, String> environment) {
        Map<String, String> env = new java.util.HashMap<>(environment);
        env.put("DOMSTORE_NFS_HOST_ID", "nfs-1");
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDiscoveredConverters()
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(NfsConfig.class)
                .build()
                .getConfigMapping(NfsConfig.class);
    }
}
