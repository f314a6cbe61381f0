package dev.domstore.agent.exec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

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
    private static final Logger LOG = Logger.getLogger(HostCommandRunnerProducer.class);
    /**
     * Set for every command besides {@code LC_ALL=C}. LVM warns on stderr about every descriptor it
     * inherits beyond 0-2: harmless, and noise in the error messages built from stderr.
     */
    public static final Map<String, String> ENVIRONMENT = Map.of("LVM_SUPPRESS_FD_WARNINGS", "1");

    @Produces
    @Singleton
    HostCommandRunner runner(AgentConfig config) {
        Transport transport = transport(config);
        if (transport.guestAgentSocket() != null) {
            LOG.infof("Managing the QEMU guest behind the guest agent socket %s: every command and file access goes through it",
                    transport.guestAgentSocket());
            return HostCommandRunner.overGuestAgent(transport.guestAgentSocket(), config.commandTimeout(), ENVIRONMENT);
        }
        return runner(transport.prefix(), config.commandTimeout());
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
        transport(config);
    }

    /** The runner the agent uses locally, for a given prefix and timeout; also what tests that touch the real host run with. */
    public static HostCommandRunner runner(List<String> prefix, Duration defaultTimeout) {
        return new HostCommandRunner(prefix, defaultTimeout, ENVIRONMENT);
    }

    /** Where commands go: a local prefix, or (non-null) a guest agent socket. */
    record Transport(List<String> prefix, Path guestAgentSocket) {
    }

    /** The configured transport, or an {@link IllegalStateException} naming the setting to fix. */
    static Transport transport(AgentConfig config) {
        switch (config.transport()) {
            case GUEST_AGENT:
                Path socket = config.guestAgentSocket().orElseThrow(() -> new IllegalStateException(
                        "domstore.agent.transport=guest-agent needs the socket of the managed guest's QEMU guest agent: set "
                                + "DOMSTORE_AGENT_GUEST_AGENT_SOCKET (domstore.agent.guest-agent-socket), for example /run/qemu/vm1/qga.sock"));
                if (config.commandPrefix().filter(prefix -> !prefix.isEmpty()).isPresent()) {
                    throw new IllegalStateException("DOMSTORE_AGENT_COMMAND_PREFIX (domstore.agent.command-prefix) is for the local "
                            + "transport; with domstore.agent.transport=guest-agent commands run in the guest as its guest agent runs "
                            + "them: unset the prefix");
                }
                return new Transport(List.of(), socket);
            case LOCAL:
            default:
                return new Transport(config.commandPrefix().orElse(List.of()), null);
        }
    }
}
