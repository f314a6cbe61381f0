package dev.domstore.nfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import dev.domstore.testsupport.TempDirs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Makes the nfs-service under test reach its NFS server through a real qemu-guest-agent
 * ({@code domstore.nfs.transport=guest-agent}), whose "guest" is this machine, under a host id of its
 * own. exportfs there is a stand-in script that records its arguments (the real one runs in the QEMU
 * lab). The paths (exports file, export root, state file) are {@link TemporaryNfsPaths}'.
 */
public class GuestAgentNfsServer implements QuarkusTestResourceLifecycleManager {
    public static final String HOST_ID = "test-nfs-guest";
    private static Path directory;
    private static QemuGuestAgent agent;

    @Override
    public Map<String, String> start() {
        directory = TempDirs.create("nfs-guest");
        try {
            Path exportfs = Files.writeString(directory.resolve("exportfs"), """
                    #!/bin/sh
                    echo "$*" >> %s/exportfs-calls
                    exit 0
                    """.formatted(directory));
            Files.setPosixFilePermissions(exportfs, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        agent = QemuGuestAgent.start(directory.resolve("agent"));
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
    public static QemuGuestAgent agent() {
        return agent;
    }

    public static Path exportfs() {
        return directory.resolve("exportfs");
    }

    /** The arguments of every exportfs run in the guest, one run a line. */
    public static List<String> exportfsCalls() throws IOException {
        Path calls = directory.resolve("exportfs-calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}
