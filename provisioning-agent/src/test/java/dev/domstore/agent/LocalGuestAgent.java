package dev.domstore.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

/**
 * A real qemu-ga (package qemu-guest-agent) run by a test as a child process, listening on a unix
 * socket as it would on a guest's virtio-serial port: the "guest" is this machine, so a test can
 * compare what the agent sees through the guest agent with what it sees directly.
 */
public final class LocalGuestAgent implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Path executable;
    private final Path directory;
    private final Path socket;
    private Process process;

    private LocalGuestAgent(Path executable, Path directory) {
        this.executable = executable;
        this.directory = directory;
        this.socket = directory.resolve("qga.sock");
    }

    /** Starts qemu-ga in {@code directory}; skips the test, saying so, when there is no qemu-ga. */
    public static LocalGuestAgent start(Class<?> test, Path directory) throws IOException, InterruptedException {
        Optional<Path> executable = Stream.of("/usr/sbin", "/usr/bin", "/sbin", "/bin").map(dir -> Path.of(dir, "qemu-ga"))
                .filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(executable.isPresent(),
                () -> HostTests.skipped(test, "qemu-ga is not installed (apt-get install -y qemu-guest-agent)"));
        LocalGuestAgent agent = new LocalGuestAgent(executable.get(), directory);
        agent.start();
        return agent;
    }

    public Path socket() {
        return socket;
    }

    public void start() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(executable.toString(), "-m", "unix-listen", "-p", socket.toString(),
                "-t", directory.toString(), "-f", directory.resolve("qemu-ga.pid").toString()))
                .redirectErrorStream(true).redirectOutput(directory.resolve("qemu-ga.log").toFile()).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!listening()) {
            if (!process.isAlive()) {
                throw new IllegalStateException("qemu-ga exited with " + process.exitValue() + " at start: "
                        + Files.readString(directory.resolve("qemu-ga.log")));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("qemu-ga did not listen on " + socket + " within " + STARTUP.toMillis() + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** Stops qemu-ga (SIGTERM); its socket file stays behind, as that of a dead QEMU does. */
    public void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private boolean listening() throws IOException {
        if (!Files.exists(socket)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/net/unix"))) {
            return lines.anyMatch(line -> line.endsWith(" " + socket));
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
