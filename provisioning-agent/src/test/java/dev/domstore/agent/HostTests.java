package dev.domstore.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import dev.domstore.agent.exec.HostCommandRunnerProducer;
import dev.domstore.hostexec.HostCommandRunner;

/** Shared by the tests that touch the real host: real captures and a runner. What they need of the machine: {@code Prerequisites}. */
public final class HostTests {
    private HostTests() {
    }

    public static HostCommandRunner runner() {
        return HostCommandRunnerProducer.runner(List.of(), Duration.ofMinutes(2));
    }

    /** A real tool output kept under src/test/resources/host-captures (see the README there). */
    public static String capture(String name) {
        try (InputStream in = HostTests.class.getResourceAsStream("/host-captures/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("No capture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
