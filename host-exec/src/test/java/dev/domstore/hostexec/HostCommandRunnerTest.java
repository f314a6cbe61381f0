package dev.domstore.hostexec;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.common.FailureReason;

/** Runs real processes: the behaviour every service that starts host commands (nfs-service, provisioning-agent) relies on. */
class HostCommandRunnerTest {
    private final HostCommandRunner runner = new HostCommandRunner(List.of(), Duration.ofSeconds(20));

    @Test
    void successfulCommandGivesExitCodeOutputAndDuration() {
        HostCommandResult result = runner.run(List.of("true"));

        assertEquals(0, result.exitCode());
        assertEquals(List.of("true"), result.argv());
        assertEquals("", result.stdout());
        assertFalse(result.duration().isNegative());
    }

    @Test
    void failingCommandThrowsWithArgvExitCodeAndStderr() {
        HostCommandException failure = assertThrows(HostCommandException.class,
                () -> runner.run(List.of("ls", "/nonexistent-domstore-path")));

        assertEquals(HostCommandException.Outcome.FAILED, failure.outcome());
        assertEquals(List.of("ls", "/nonexistent-domstore-path"), failure.argv());
        assertEquals(OptionalInt.of(2), failure.exitCode());
        assertTrue(failure.stderr().contains("No such file or directory"), failure.stderr());
        assertEquals(FailureReason.NOT_FOUND, failure.reason());
        assertTrue(failure.getMessage().startsWith("'ls /nonexistent-domstore-path' failed with exit code 2: ls: "), failure.getMessage());
    }

    @Test
    void falseThrowsButProbeReturnsTheExitCode() {
        HostCommandException failure = assertThrows(HostCommandException.class, () -> runner.run(List.of("false")));
        assertEquals(OptionalInt.of(1), failure.exitCode());
        assertEquals(FailureReason.INTERNAL, failure.reason());
        assertTrue(failure.getMessage().contains("'false' failed with exit code 1: (nothing on stderr)"), failure.getMessage());

        assertEquals(1, runner.probe(List.of("false")).exitCode());
    }

    @Test
    void commandPastItsTimeoutIsKilled() {
        long started = System.nanoTime();

        HostCommandException failure = assertThrows(HostCommandException.class,
                () -> runner.run(List.of("sleep", "5"), Duration.ofMillis(200)));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(FailureReason.TIMEOUT, failure.reason());
        assertEquals(HostCommandException.Outcome.TIMED_OUT, failure.outcome());
        assertTrue(failure.exitCode().isEmpty());
        assertTrue(failure.getMessage().contains("'sleep 5' did not finish within 200 ms and was killed"), failure.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    }

    @Test
    void timeoutAlsoKillsTheCommandsDescendants(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");

        assertThrows(HostCommandException.class, () -> runner.run(
                List.of("sh", "-c", "sleep 30 & echo $! > " + pidFile + "; wait"), Duration.ofSeconds(1)));

        long grandchild = Long.parseLong(Files.readString(pidFile).strip());
        Awaitility.await("sleep 30 (pid " + grandchild + ") killed").atMost(Duration.ofSeconds(5)).until(() -> !isRunning(grandchild));
    }

    /**
     * The runner never waits past its timeout for a process the command left behind holding its
     * output. Which of two outcomes it gives depends on the JDK, not on the runner: when the
     * command exits before the runner's reader blocks on the pipe, the JDK drains what is there
     * and closes it (ProcessPipeInputStream.processExited), and the command succeeds; otherwise the
     * reader waits for the leftover and the runner gives up at the timeout. CI saw both.
     */
    @Test
    void aLeftoverProcessHoldingTheOutputNeverHoldsTheRunnerPastItsTimeout(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("leftover.pid");
        try {
            long started = System.nanoTime();
            try {
                HostCommandResult result = runner.run(List.of("sh", "-c", "sleep 30 & echo $! > " + pidFile), Duration.ofSeconds(3));
                assertEquals(0, result.exitCode());
            } catch (HostCommandException failure) {
                assertEquals(FailureReason.TIMEOUT, failure.reason());
                assertTrue(failure.getMessage().contains("exited, but a process it left behind still held its output open after 3000 ms"),
                        failure.getMessage());
            }
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(10)) < 0,
                    "returned within the timeout, not when the leftover's 30 s were over");
        } finally {
            // Re-parented when sh exited: out of the runner's reach, so the test removes it.
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }

    @Test
    void largeStdoutAndStderrAreReadConcurrentlyWithoutDeadlock() {
        // stderr first: a runner reading stdout to its end before stderr would block forever on the full stderr pipe.
        List<String> argv = List.of("sh", "-c",
                "head -c 1000000 /dev/zero | tr '\\0' e >&2; head -c 1500000 /dev/zero | tr '\\0' o");

        HostCommandResult result = assertTimeoutPreemptively(Duration.ofSeconds(15), () -> runner.run(argv));

        assertEquals(1_500_000, result.stdout().length());
        assertEquals(1_000_000, result.stderr().length());
        assertTrue(result.stdout().chars().allMatch(c -> c == 'o'));
        assertTrue(result.stderr().chars().allMatch(c -> c == 'e'));
    }

    @Test
    void stdinIsGivenToTheCommandAndClosed() {
        String input = "first line\nünï €\n" + "x".repeat(300_000);

        assertEquals(input, runner.run(List.of("cat"), Duration.ofSeconds(20), input).stdout());
        assertEquals("3", runner.probe(List.of("wc", "-c"), Duration.ofSeconds(20), "abc").stdout().strip());
        assertEquals("", runner.run(List.of("cat")).stdout()); // Without stdin: /dev/null.
    }

    @Test
    void commandThatDoesNotReadItsStdinIsNotAFailure() {
        HostCommandResult result = assertTimeoutPreemptively(Duration.ofSeconds(15),
                () -> runner.run(List.of("true"), Duration.ofSeconds(10), "y".repeat(2_000_000)));

        assertEquals(0, result.exitCode());
    }

    @Test
    void commandsRunWithTheCLocale() {
        List<String> environment = runner.run(List.of("env")).stdout().lines().toList();

        assertTrue(environment.contains("LC_ALL=C"), String.join("\n", environment));
    }

    @Test
    void extraVariablesAreSetButNeverReplaceTheCLocale() {
        HostCommandRunner withEnv = new HostCommandRunner(List.of(), Duration.ofSeconds(20),
                Map.of("DOMSTORE_EXTRA", "1", "LC_ALL", "de_DE.UTF-8"));

        List<String> environment = withEnv.run(List.of("env")).stdout().lines().toList();

        assertTrue(environment.contains("DOMSTORE_EXTRA=1"), String.join("\n", environment));
        assertTrue(environment.contains("LC_ALL=C"), String.join("\n", environment));
    }

    @Test
    void prefixIsPrependedToEveryCommand() {
        HostCommandRunner prefixed = new HostCommandRunner(List.of("env", "DOMSTORE_PREFIXED=yes"), Duration.ofSeconds(20));

        HostCommandResult result = prefixed.run(List.of("env"));

        assertEquals(List.of("env", "DOMSTORE_PREFIXED=yes", "env"), result.argv());
        assertTrue(result.stdout().lines().anyMatch("DOMSTORE_PREFIXED=yes"::equals), result.stdout());
    }

    @Test
    void programThatDoesNotExistIsNotFound() {
        HostCommandException failure = assertThrows(HostCommandException.class, () -> runner.probe(List.of("domstore-no-such-tool")));

        assertEquals(FailureReason.NOT_FOUND, failure.reason());
        assertEquals(HostCommandException.Outcome.NOT_STARTED, failure.outcome());
        assertTrue(failure.getMessage().startsWith("'domstore-no-such-tool' could not be started: "), failure.getMessage());
    }

    @Test
    void stderrIsMappedToAFailureReason() {
        // What the tools really say (coreutils, util-linux, LVM), and the reason each becomes.
        Map<String, FailureReason> cases = new LinkedHashMap<>();
        cases.put("truncate: failed to truncate 'x' at 1 bytes: No space left on device", FailureReason.INSUFFICIENT_CAPACITY);
        cases.put("  Volume group \"vg0\" has insufficient free space (59 extents): 4096 required.", FailureReason.INSUFFICIENT_CAPACITY);
        cases.put("  Insufficient free space: 4092 extents needed, but only 59 available", FailureReason.INSUFFICIENT_CAPACITY);
        cases.put("  Logical Volume \"lv1\" already exists in volume group \"vg0\"", FailureReason.CONFLICT);
        cases.put("blkid: x: No such file or directory", FailureReason.NOT_FOUND);
        cases.put("  Volume group \"vg9\" not found", FailureReason.NOT_FOUND);
        cases.put("  Failed to find logical volume \"vg0/nolv\"", FailureReason.NOT_FOUND);
        cases.put("umount: /mnt: target is busy.", FailureReason.BUSY);
        cases.put("losetup: /dev/loop0: detach failed: Device or resource busy", FailureReason.BUSY);
        cases.put("  Logical volume vg0/data in use.", FailureReason.BUSY);
        cases.put("mkfs: something odd", FailureReason.INTERNAL);
        cases.put("", FailureReason.INTERNAL);

        assertAll(cases.entrySet().stream().<Executable>map(c -> () -> assertEquals(c.getValue(), HostCommandException.reasonFor(c.getKey()),
                "reason for '" + c.getKey() + "'")));
    }

    /** A killed process stays a zombie until whoever inherited it reaps it; only the kill is ours to check. */
    private static boolean isRunning(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String content = Files.readString(stat);
        char state = content.charAt(content.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
