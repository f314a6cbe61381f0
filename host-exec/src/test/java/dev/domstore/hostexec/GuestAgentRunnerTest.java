package dev.domstore.hostexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.common.FailureReason;
import dev.domstore.testsupport.LocalQemuGuestAgent;

/**
 * The guest-agent transport against a real qemu-ga on this machine: the "guest" is this machine, so
 * the tests can see what a command really did (its processes, its files). Without qemu-ga the class
 * fails and says what to install.
 */
class GuestAgentRunnerTest {
    @TempDir
    static Path agentDirectory;
    static LocalQemuGuestAgent agent;
    static HostCommandRunner runner;

    @BeforeAll
    static void startAgent() {
        agent = LocalQemuGuestAgent.start(agentDirectory);
        runner = HostCommandRunner.overGuestAgent(agent.socket(), Duration.ofSeconds(20), Map.of("DOMSTORE_EXTRA", "1", "LC_ALL", "de_DE.UTF-8"));
    }

    @AfterAll
    static void stopAgent() {
        if (runner != null) {
            runner.close();
        }
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void exitCodeStdoutAndStderrComeBack() {
        HostCommandResult result = runner.probe(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));

        assertEquals(3, result.exitCode());
        assertEquals("out\n", result.stdout());
        assertEquals("err\n", result.stderr());
        assertEquals(List.of("sh", "-c", "echo out; echo err >&2; exit 3"), result.argv());
        assertEquals(0, runner.run(List.of("true")).exitCode());
    }

    @Test
    void argvIsPassedVerbatim() {
        List<String> args = List.of("two words", "it's", "\"quoted\"", "ünïcödé €", "$HOME", "*", "", "back\\slash", "new\nline", "-n");
        List<String> argv = new ArrayList<>(List.of("printf", "[%s]\\n"));
        argv.addAll(args);

        String printed = runner.run(argv).stdout();

        StringBuilder expected = new StringBuilder();
        args.forEach(arg -> expected.append('[').append(arg).append("]\n"));
        assertEquals(expected.toString(), printed);
    }

    @Test
    void environmentIsExactlyPathTheServicesVariablesAndTheCLocale() {
        List<String> environment = runner.run(List.of("env")).stdout().lines().sorted().toList();

        assertEquals(List.of("DOMSTORE_EXTRA=1", "LC_ALL=C", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"), environment);
    }

    @Test
    void programsAreFoundInTheGuestsPath() {
        HostCommandResult result = runner.run(List.of("sh", "-c", "command -v $1", "sh", "blkid"));

        assertEquals("/usr/sbin/blkid", result.stdout().strip()); // /usr/sbin: not in every service's own PATH.
    }

    @Test
    void stdinIsFedThroughInputData() {
        String input = "first line\nünï €\n" + "x".repeat(300_000);

        assertEquals(input, runner.run(List.of("cat"), Duration.ofSeconds(20), input).stdout());
        assertEquals("0", runner.probe(List.of("wc", "-c"), Duration.ofSeconds(20), "").stdout().strip()); // Empty input-data.
        assertEquals("", runner.run(List.of("cat")).stdout()); // Without stdin: /dev/null, not a pipe left open.
    }

    @Test
    void nonZeroExitIsAFailureWithStderr() {
        HostCommandException failure = assertThrows(HostCommandException.class,
                () -> runner.run(List.of("ls", "/nonexistent-domstore-path")));

        assertEquals(HostCommandException.Outcome.FAILED, failure.outcome());
        assertEquals(OptionalInt.of(2), failure.exitCode());
        assertTrue(failure.stderr().contains("No such file or directory"), failure.stderr());
        assertEquals(FailureReason.NOT_FOUND, failure.reason());
        assertTrue(failure.getMessage().startsWith("'ls /nonexistent-domstore-path' failed with exit code 2: ls: "), failure.getMessage());
        assertEquals(1, runner.probe(List.of("false")).exitCode());
    }

    @Test
    void aKilledCommandExitsWith128PlusTheSignal() {
        assertEquals(128 + 9, runner.probe(List.of("sh", "-c", "kill -KILL $$")).exitCode());
    }

    @Test
    void programThatDoesNotExistIsNotStarted() {
        HostCommandException failure = assertThrows(HostCommandException.class, () -> runner.probe(List.of("domstore-no-such-tool")));

        assertEquals(HostCommandException.Outcome.NOT_STARTED, failure.outcome());
        assertEquals(FailureReason.NOT_FOUND, failure.reason());
        assertTrue(failure.getMessage().startsWith("'domstore-no-such-tool' could not be started: "), failure.getMessage());
    }

    @Test
    void largeOutputOnBothStreamsComesBackWhole() {
        List<String> argv = List.of("sh", "-c", "head -c 1000000 /dev/zero | tr '\\0' e >&2; head -c 1500000 /dev/zero | tr '\\0' o");

        HostCommandResult result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> runner.run(argv));

        assertEquals(1_500_000, result.stdout().length());
        assertEquals(1_000_000, result.stderr().length());
        assertTrue(result.stdout().chars().allMatch(c -> c == 'o'));
    }

    @Test
    void timeoutKillsTheCommandAndItsChildren(@TempDir Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        long started = System.nanoTime();

        HostCommandException failure = assertThrows(HostCommandException.class, () -> runner.run(
                List.of("sh", "-c", "sleep 30 & echo $$ $! > " + pids + "; wait"), Duration.ofSeconds(1)));

        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(HostCommandException.Outcome.TIMED_OUT, failure.outcome());
        assertEquals(FailureReason.TIMEOUT, failure.reason());
        assertTrue(failure.exitCode().isEmpty());
        assertTrue(failure.getMessage().contains("did not finish within 1000 ms and was killed"), failure.getMessage());
        assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "took " + took);
        for (String pid : Files.readString(pids).strip().split(" ")) {
            Awaitility.await("guest process " + pid + " killed").atMost(Duration.ofSeconds(5)).until(() -> !isRunning(Long.parseLong(pid)));
        }
    }

    /** The agent reports no exit while a left-behind process holds the output: it times out, and the leftover is killed too. */
    @Test
    void timeoutAlsoKillsAProcessLeftBehindHoldingTheOutput(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("leftover.pid");

        HostCommandException failure = assertThrows(HostCommandException.class, () -> runner.run(
                List.of("sh", "-c", "sleep 30 & echo $! > " + pidFile), Duration.ofMillis(500)));

        assertEquals(FailureReason.TIMEOUT, failure.reason());
        long leftover = Long.parseLong(Files.readString(pidFile).strip());
        Awaitility.await("leftover sleep " + leftover + " killed").atMost(Duration.ofSeconds(5)).until(() -> !isRunning(leftover));
    }

    @Test
    void callsFromManyThreadsEachGetTheirOwnAnswer() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                String expected = "answer " + i + " " + "x".repeat(i * 50);
                answers.add(threads.submit(() -> {
                    String got = runner.run(List.of("echo", expected)).stdout();
                    return got.equals(expected + "\n") ? "ok" : "expected '" + expected + "', got '" + got + "'";
                }));
            }
            for (Future<String> answer : answers) {
                assertEquals("ok", answer.get());
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** Requests are serialised, commands are not: a slow command does not hold up the others. */
    @Test
    void aSlowCommandDoesNotHoldUpTheOthers() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<HostCommandResult> slow = threads.submit(() -> runner.run(List.of("sh", "-c", "sleep 5; echo slow")));
            Thread.sleep(200);
            for (int i = 0; i < 5; i++) {
                assertEquals("quick\n", threads.submit(() -> runner.run(List.of("echo", "quick"))).get().stdout());
            }
            assertFalse(slow.isDone(), "the quick commands waited for the slow one");
            assertEquals("slow\n", slow.get().stdout());
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void reconnectsAfterTheAgentRestarted() throws Exception {
        assertEquals("before\n", runner.run(List.of("echo", "before")).stdout());

        agent.restart();

        assertEquals("after\n", runner.run(List.of("echo", "after")).stdout());
    }

    @Test
    void missingSocketIsUnreachableAndSaysWhatToCheck(@TempDir Path dir) {
        Path socket = dir.resolve("no-such-guest.sock");
        try (HostCommandRunner nowhere = HostCommandRunner.overGuestAgent(socket, Duration.ofSeconds(5), Map.of())) {
            HostUnreachableException failure = assertThrows(HostUnreachableException.class, () -> nowhere.run(List.of("true")));

            assertEquals(socket, failure.socket());
            assertInstanceOf(HostOperationException.class, failure);
            assertTrue(failure.getMessage().contains(socket.toString()), failure.getMessage());
            assertTrue(failure.getMessage().contains("does not exist: check that the guest's QEMU is running"), failure.getMessage());
        }
    }

    @Test
    void stoppedAgentIsUnreachableAndBackOnceItRuns(@TempDir Path dir) throws Exception {
        try (LocalQemuGuestAgent other = LocalQemuGuestAgent.start(dir);
                HostCommandRunner guest = HostCommandRunner.overGuestAgent(other.socket(), Duration.ofSeconds(5), Map.of())) {
            assertEquals(0, guest.run(List.of("true")).exitCode());

            other.stop();
            HostUnreachableException failure = assertThrows(HostUnreachableException.class, () -> guest.run(List.of("true")));
            assertTrue(failure.getMessage().startsWith("The guest agent at " + other.socket() + " cannot be connected to ("), failure.getMessage());
            assertTrue(failure.getMessage().contains("check that the guest's QEMU is running"), failure.getMessage());

            other.start();
            assertEquals(0, guest.run(List.of("true")).exitCode());
        }
    }

    /** QEMU up, the guest not booted (or its agent not running): the socket takes the connection, nobody answers. */
    @Test
    void silentSocketIsUnreachableAfterAFewSeconds(@TempDir Path dir) throws Exception {
        Path socket = dir.resolve("silent.sock");
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                HostCommandRunner guest = HostCommandRunner.overGuestAgent(socket, Duration.ofSeconds(5), Map.of())) {
            server.bind(UnixDomainSocketAddress.of(socket));
            long started = System.nanoTime();

            HostUnreachableException failure = assertThrows(HostUnreachableException.class, () -> guest.run(List.of("true")));

            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(failure.getMessage().contains("did not answer guest-sync-delimited within 3000 ms: check that the guest has booted"
                    + " and runs qemu-guest-agent"), failure.getMessage());
            assertTrue(took.compareTo(Duration.ofSeconds(2)) > 0 && took.compareTo(Duration.ofSeconds(6)) < 0, "took " + took);
            try (SocketChannel ignored = server.accept()) {
                // Taken from the backlog only to close it.
            }
        }
    }

    @Test
    void filesOfTheGuestAreReachedThroughCommands() {
        assertInstanceOf(CommandHostFiles.class, runner.files());
    }

    /** Not an assertion: the cost of one command each way, for the report. */
    @Test
    void measureTheCostOfOneCommand() {
        HostCommandRunner local = new HostCommandRunner(List.of(), Duration.ofSeconds(20));
        Duration guest = meanOf(runner);
        Duration here = meanOf(local);
        System.out.printf("LATENCY of `true`: guest agent %.2f ms, local process %.2f ms (mean of 200, after 20 to warm up)%n",
                guest.toNanos() / 1e6, here.toNanos() / 1e6);
    }

    private static Duration meanOf(HostCommandRunner runner) {
        for (int i = 0; i < 20; i++) {
            runner.run(List.of("true"));
        }
        long started = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            runner.run(List.of("true"));
        }
        return Duration.ofNanos((System.nanoTime() - started) / 200);
    }

    /** A killed process stays a zombie until whoever inherited it reaps it; only the kill is ours to check. */
    static boolean isRunning(long pid) throws IOException {
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String content;
        try {
            content = Files.readString(stat);
        } catch (IOException e) {
            return false; // Gone between the two looks.
        }
        char state = content.charAt(content.lastIndexOf(')') + 2);
        return state != 'Z' && state != 'X';
    }
}
