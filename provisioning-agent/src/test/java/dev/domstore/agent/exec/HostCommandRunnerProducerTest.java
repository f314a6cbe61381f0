package dev.domstore.agent.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.agent.config.AgentConfig;
import dev.domstore.common.FailureReason;
import dev.domstore.hostexec.HostCommandException;
import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostUnreachableException;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.hostexec.HostTransport;

/**
 * The agent's runner as configured from {@link AgentConfig}. How the runner itself behaves (timeouts,
 * concurrent output, failure reasons) is tested once, in host-exec's {@code HostCommandRunnerTest}.
 */
class HostCommandRunnerProducerTest {

    @Test
    void commandsRunWithTheCLocaleAndLvmFdWarningsSuppressed() {
        HostCommandRunner runner = new HostCommandRunnerProducer().runner(config(Optional.empty(), Duration.ofSeconds(20)));

        List<String> environment = runner.run(List.of("env")).stdout().lines().toList();

        assertTrue(environment.contains("LC_ALL=C"), String.join("\n", environment));
        assertTrue(environment.contains("LVM_SUPPRESS_FD_WARNINGS=1"), String.join("\n", environment));
    }

    @Test
    void configuredPrefixGoesBeforeEveryCommand() {
        HostCommandRunner runner = new HostCommandRunnerProducer()
                .runner(config(Optional.of(List.of("env", "DOMSTORE_PREFIXED=yes")), Duration.ofSeconds(20)));

        HostCommandResult result = runner.run(List.of("env"));

        assertEquals(List.of("env", "DOMSTORE_PREFIXED=yes", "env"), result.argv());
        assertTrue(result.stdout().lines().anyMatch("DOMSTORE_PREFIXED=yes"::equals), result.stdout());
        assertTrue(result.stdout().lines().anyMatch("LVM_SUPPRESS_FD_WARNINGS=1"::equals), result.stdout());
    }

    @Test
    void configuredTimeoutIsTheDefaultForEveryCommand() {
        HostCommandRunner runner = new HostCommandRunnerProducer().runner(config(Optional.empty(), Duration.ofMillis(300)));

        HostCommandException failure = assertThrows(HostCommandException.class, () -> runner.run(List.of("sleep", "5")));

        assertEquals(FailureReason.TIMEOUT, failure.reason());
        assertTrue(failure.getMessage().contains("'sleep 5' did not finish within 300 ms and was killed"), failure.getMessage());
    }

    @Test
    void guestAgentTransportWithoutASocketStopsTheAgentNamingTheVariable() {
        AgentConfig config = config(Optional.empty(), Duration.ofSeconds(20), HostTransport.GUEST_AGENT, Optional.empty());

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> new HostCommandRunnerProducer().runner(config));

        assertTrue(failure.getMessage().contains("DOMSTORE_AGENT_GUEST_AGENT_SOCKET"), failure.getMessage());
        assertThrows(IllegalStateException.class, () -> new HostCommandRunnerProducer().checkOnStart(null, config), "checked on start");
    }

    @Test
    void guestAgentTransportRefusesACommandPrefix() {
        AgentConfig config = config(Optional.of(List.of("nsenter", "-t", "1", "-m", "--")), Duration.ofSeconds(20),
                HostTransport.GUEST_AGENT, Optional.of(Path.of("/run/qemu/vm1/qga.sock")));

        IllegalStateException failure = assertThrows(IllegalStateException.class, () -> new HostCommandRunnerProducer().runner(config));

        assertTrue(failure.getMessage().contains("DOMSTORE_AGENT_COMMAND_PREFIX"), failure.getMessage());
    }

    @Test
    void guestAgentTransportReachesTheHostOnlyThroughItsSocket(@TempDir Path dir) {
        Path socket = dir.resolve("qga.sock");
        Produced produced = produce(config(Optional.empty(), Duration.ofSeconds(20), HostTransport.GUEST_AGENT,
                Optional.of(socket)));

        assertFalse(produced.files() instanceof LocalHostFiles, "the guest's files are not this machine's");
        assertThrows(HostUnreachableException.class, () -> produced.runner().run(List.of("true")), "nobody listens on " + socket);
        assertThrows(HostUnreachableException.class, () -> produced.files().isDirectory(Path.of("/")));
        produced.runner().close();
    }

    @Test
    void localTransportWithoutAPrefixIsThisMachine() {
        Produced produced = produce(config(Optional.empty(), Duration.ofSeconds(20)));

        assertSame(LocalHostFiles.INSTANCE, produced.files());
    }

    private record Produced(HostCommandRunner runner, HostFiles files) {
    }

    private static Produced produce(AgentConfig config) {
        HostCommandRunnerProducer producer = new HostCommandRunnerProducer();
        HostCommandRunner runner = producer.runner(config);
        return new Produced(runner, producer.hostFiles(runner));
    }

    private static AgentConfig config(Optional<List<String>> commandPrefix, Duration commandTimeout) {
        return config(commandPrefix, commandTimeout, HostTransport.LOCAL, Optional.empty());
    }

    /** An {@link AgentConfig} that answers only what the producer reads. */
    private static AgentConfig config(Optional<List<String>> commandPrefix, Duration commandTimeout, HostTransport transport,
            Optional<Path> guestAgentSocket) {
        Map<String, Object> values = Map.of("commandPrefix", commandPrefix, "commandTimeout", commandTimeout, "transport", transport,
                "guestAgentSocket", guestAgentSocket);
        return (AgentConfig) Proxy.newProxyInstance(AgentConfig.class.getClassLoader(), new Class<?>[] { AgentConfig.class },
                (proxy, method, args) -> {
                    if (!values.containsKey(method.getName())) {
                        throw new UnsupportedOperationException("The producer does not read " + method.getName());
                    }
                    return values.get(method.getName());
                });
    }
}
