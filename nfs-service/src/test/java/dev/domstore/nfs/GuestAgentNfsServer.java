package dev.domstore.nfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.domstore.testsupport.LocalQemuGuestAgent;
import dev.domstore.testsupport.TempDirs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes the nfs-service under test reach its NFS server through a real qemu-guest-agent
 * ({@code domstore.nfs.transport=guest-agent}), whose "guest" is this machine, under a host id of its
 * own. exportfs there is the {@link ExportfsStandIn}, which records its arguments (the real one runs
 * in the QEMU lab). The paths (exports file, export root, state file) are {@link TemporaryNfsPaths}'.
 */
public class GuestAgentNfsServer implements QuarkusTestResourceLifecycleManager {
    public static final String HOST_ID = "test-nfs-guest";
    private static Path directory;
    private static LocalQemuGuestAgent agent;

    @Override
    public Map<String, String> start() {
        directory = TempDirs.create("nfs-guest");
        try {
            ExportfsStandIn.write(directory.resolve("exportfs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agent = LocalQemuGuestAgent.start(directory.resolve("agent"));
        return Map.of(
                "domstore.nfs.host-id", HOST_ID,
                "domstore.nfs.transport", "guest-agent",
                "domstore.nfs.guest-agent-socket", agent.socket().toString(),
                "domstore.nfs.exportfs", exportfs().toString(),
                "domstore.nfs.unreachable-retry", "200ms",
                "domstore.nfs.unreachable-retry-max", "1s");
    }

    @Override
    public void stop() {
        if (agent != null) {
            agent.close();
        }
        TempDirs.deleteRecursively(directory);
    }

    /** The guest's agent: stopped, the guest does not answer. */
    public static LocalQemuGuestAgent agent() {
        return agent;
    }

    public static Path exportfs() {
        return directory.resolve("exportfs").resolve("exportfs");
    }

    /** The arguments of every exportfs run in the guest, one run a line. */
    public static List<String> exportfsCalls() throws IOException {
        return ExportfsStandIn.calls(directory.resolve("exportfs"));
    }
}
