package dev.domstore.nfs.exec;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.nfs.config.NfsConfig;

/**
 * The nfs-service's one process starter: the shared {@link HostCommandRunner} (module host-exec),
 * with this service's prefix and timeout. Nothing else in the service starts processes.
 */
@ApplicationScoped
public class HostCommandRunnerProducer {

    @Produces
    @Singleton
    HostCommandRunner runner(NfsConfig config) {
        return new HostCommandRunner(config.commandPrefix().orElse(java.util.List.of()), config.commandTimeout());
    }
}
