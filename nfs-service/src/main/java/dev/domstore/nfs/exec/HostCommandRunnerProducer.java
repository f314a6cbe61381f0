package dev.domstore.nfs.exec;

import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

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
        return config.transport().runner("domstore.nfs", config.guestAgentSocket(), config.commandPrefix().orElse(List.of()),
                config.commandTimeout(), Map.of());
    }
}
