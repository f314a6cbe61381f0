package dev.domstore.nfs.exec;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.nfs.config.NfsConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;

/**
 * The nfs-service's one process starter: the shared {@link HostCommandRunner} (module host-exec),
 * with this service's transport, prefix and timeout, the managed host's files that come with it,
 * and the service's one retry loop for a host that does not answer ({@link HostReachability},
 * with its configured pauses). Nothing else in the service starts processes or touches the
 * managed host's files.
 */
@ApplicationScoped
public class HostCommandRunnerProducer {
    private static final Logger LOG = Logger.getLogger(HostCommandRunnerProducer.class);

    /** Made on start, so that a transport that is not fully configured stops the service at once, saying what is missing. */
    @Produces
    @Singleton
    @Startup
    HostCommandRunner runner(NfsConfig config) {
        return runnerFor(config);
    }

    void close(@Disposes HostCommandRunner runner) {
        runner.close();
    }

    /** The managed host's file system: the exports file and the export directories are reached only through it. */
    @Produces
    @Singleton
    HostFiles hostFiles(HostCommandRunner runner) {
        return runner.files();
    }

    /** Commands on a host that does not answer wait, and are applied again, with these pauses. */
    @Produces
    @Singleton
    HostReachability reachability(NfsConfig config) {
        return new HostReachability(config.unreachableRetry(), config.unreachableRetryMax());
    }

    /** Wakes any command waiting for the host: it is given up (not acknowledged), and taken again on the next start. */
    void stopWaiting(@Observes ShutdownEvent shutdown, HostReachability reachability) {
        reachability.stop();
    }

    /** The runner {@code config} asks for; an incomplete or contradictory transport configuration is refused with what to set. */
    public static HostCommandRunner runnerFor(NfsConfig config) {
        List<String> prefix = config.commandPrefix().orElse(List.of());
        if (config.transport() == NfsConfig.Transport.LOCAL) {
            return new HostCommandRunner(prefix, config.commandTimeout());
        }
        Path socket = config.guestAgentSocket().orElseThrow(() -> new IllegalStateException("domstore.nfs.transport is guest-agent, "
                + "but domstore.nfs.guest-agent-socket is not set: set DOMSTORE_NFS_GUEST_AGENT_SOCKET to the host end of the NFS "
                + "server guest's qemu-guest-agent channel (a unix socket, e.g. /run/domstore/nfs-guest/qga.sock), or set "
                + "DOMSTORE_NFS_TRANSPORT=local."));
        if (!prefix.isEmpty()) {
            throw new IllegalStateException("domstore.nfs.command-prefix (DOMSTORE_NFS_COMMAND_PREFIX) is set to " + prefix
                    + ", but with domstore.nfs.transport guest-agent commands run inside the guest, where no prefix applies: "
                    + "unset it.");
        }
        LOG.infof("The NFS server host is a QEMU guest, reached through its guest agent at %s", socket);
        return HostCommandRunner.overGuestAgent(socket, config.commandTimeout(), Map.of());
    }
}
