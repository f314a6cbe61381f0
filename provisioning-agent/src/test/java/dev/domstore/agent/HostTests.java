package dev.domstore.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Assumptions;

import dev.domstore.agent.exec.HostCommandRunnerProducer;
import dev.domstore.hostexec.HostCommandRunner;

/** Shared by the tests that touch the real host: root checks that say why they skip, real captures, a runner. */
public final class HostTests {
    private HostTests() {
    }

    public static HostCommandRunner runner() {
        return HostCommandRunnerProducer.runner(List.of(), Duration.ofMinutes(2));
    }

    public static boolean runningAsRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips the test unless it runs as root, printing plainly why. */
    public static void assumeRoot(Class<?> test, String needs) {
        Assumptions.assumeTrue(runningAsRoot(), () -> skipped(test, needs + " need root, and this test runs as " + System.getProperty("user.name")));
    }

    /** Skips the test unless {@code tool} is installed, printing plainly why. */
    public static void assumeTool(Class<?> test, String tool, String installHint) {
        boolean found = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin").stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
        Assumptions.assumeTrue(found, () -> skipped(test, tool + " is not installed (" + installHint + ")"));
    }

    public static String skipped(Class<?> test, String why) {
        String message = "SKIPPED " + test.getSimpleName() + ": " + why;
        System.out.println(message);
        return message;
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
