package dev.domstore.agent.exec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostReachability;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * The agent's one process starter: the shared {@link HostCommandRunner} (module host-exec), with
 * this agent's transport, prefix and timeout and the environment its tools want, the managed
 * host's files that go with it, and the agent's one retry loop for a host that does not answer
 * ({@link HostReachability}, with its configured pauses). Nothing else in the agent starts
 * processes or touches host files any other way.
 */
@ApplicationScoped
public class HostCommandRunnerProducer {
    /**
     * Set for every command besides {@code LC_ALL=C}. LVM warns on stderr about every descriptor it
     * inherits beyond 0-2: harmless, and noise in the error messages built from stderr.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("LVM_SUPPRESS_FD_WARNINGS", "1");
    /** Where the agent's transport settings live (AgentConfig). */
    private static final String SETTINGS = "domstore.agent";

    @Produces
    @Singleton
    HostCommandRunner runner(AgentConfig config) {
        return config.transport().runner(SETTINGS, config.guestAgentSocket(), prefix(config), config.commandTimeout(), ENVIRONMENT);
    }

    /** Lets go of the connection to a guest agent when the agent stops. */
    void close(@Disposes HostCommandRunner runner) {
        runner.close();
    }

    /** The managed host's files: those of the host the runner reaches, whatever its transport. */
    @Produces
    @Singleton
    HostFiles hostFiles(HostCommandRunner runner) {
        return runner.files();
    }

    /** Commands on a host that does not answer wait, and are carried out again, with these pauses. */
    @Produces
    @Singleton
    HostReachability reachability(AgentConfig config) {
        return new HostReachability(config.unreachableRetry(), config.unreachableRetryMax());
    }

    /** Wakes every command waiting for its host: it is given up (neither failed nor acknowledged), and taken again on the next start. */
    void stopWaiting(@Observes ShutdownEvent shutdown, HostReachability reachability) {
        reachability.stop();
    }

    /** A transport that cannot work stops the agent on start, with a message that says what to set. */
    void checkOnStart(@Observes StartupEvent start, AgentConfig config) {
        config.transport().check(SETTINGS, config.guestAgentSocket(), prefix(config));
    }

    /** The runner the agent uses locally, for a given prefix and timeout; also what tests that touch the real host run with. */
    public static HostCommandRunner runner(List<String> prefix, Duration defaultTimeout) {
        return new HostCommandRunner(prefix, defaultTimeout, ENVIRONMENT);
    }

    private static List<String> prefix(AgentConfig config) {
        return config.commandPrefix().orElse(List.of());
    }
}
