package dev.domstore.agent.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.hostexec.HostCommandRunner;

/**
 * The agent's one process starter: the shared {@link HostCommandRunner} (module host-exec), with
 * this agent's prefix and timeout and the environment its tools want. Nothing else in the agent
 * starts processes.
 */
@ApplicationScoped
public class HostCommandRunnerProducer {
    /**
     * Set for every command besides {@code LC_ALL=C}. LVM warns on stderr about every descriptor it
     * inherits beyond 0-2: harmless, and noise in the error messages built from stderr.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("LVM_SUPPRESS_FD_WARNINGS", "1");

    @Produces
    @Singleton
    HostCommandRunner runner(AgentConfig config) {
        return runner(config.commandPrefix().orElse(List.of()), config.commandTimeout());
    }

    /** The runner the agent uses, for a given prefix and timeout; also what tests that touch the real host run with. */
    public static HostCommandRunner runner(List<String> prefix, Duration defaultTimeout) {
        return new HostCommandRunner(prefix, defaultTimeout, ENVIRONMENT);
    }
}
