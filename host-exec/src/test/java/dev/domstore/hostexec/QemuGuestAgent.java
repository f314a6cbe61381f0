package dev.domstore.hostexec;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real qemu-ga (Debian package qemu-guest-agent) run by the test as a child process, listening
 * on a unix socket as it would on the virtio-serial port of a guest: the "guest" is this machine,
 * which is what lets the tests check what a command really did there.
 */
final class QemuGuestAgent implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Path executable;
    private final Path directory;
    private final Path socket;
    private Process process;

    private QemuGuestAgent(Path executable, Path directory) {
        this.executable = executable;
        this.directory = directory;
        this.socket = directory.resolve("qga.sock");
    }

    /** Starts qemu-ga in {@code directory}; fails the test, saying what to install, when there is no qemu-ga. */
    static QemuGuestAgent start(Path directory) throws IOException, InterruptedException {
        QemuGuestAgent agent = new QemuGuestAgent(executable(), directory);
        agent.start();
        return agent;
    }

    /** Where qemu-ga is, as {@code which qemu-ga} finds it (with the sbin directories a non-login PATH may lack). */
    static Path executable() {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
        Optional<Path> found = directories.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "qemu-ga"))
                .filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            fail("qemu-ga is not installed, and the guest-agent transport is tested against a real one:"
                    + " install the package qemu-guest-agent (apt-get install -y qemu-guest-agent)");
        }
        return found.get();
    }

    Path socket() {
        return socket;
    }

    void start() throws IOException, InterruptedException {
        // -m unix-listen: the socket a virtio-serial port would be; it stays in the foreground (no -d).
        process = new ProcessBuilder(executable.toString(), "-m", "unix-listen", "-p", socket.toString(),
                "-t", directory.toString(), "-f", directory.resolve("qemu-ga.pid").toString())
                .redirectErrorStream(true).redirectOutput(directory.resolve("qemu-ga.log").toFile()).start();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (!listening()) {
            if (!process.isAlive()) {
                fail("qemu-ga exited with " + process.exitValue() + " at start: " + Files.readString(directory.resolve("qemu-ga.log")));
            }
            if (System.nanoTime() > deadline) {
                fail("qemu-ga did not listen on " + socket + " within " + STARTUP.toMillis() + " ms");
            }
            Thread.sleep(20);
        }
    }

    /** Stops qemu-ga as systemd would (SIGTERM); its socket file stays behind, as that of a dead QEMU does. */
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    void restart() throws IOException, InterruptedException {
        stop();
        start();
    }

    /** Started and bound: the pid in /proc holds a socket bound to our path. */
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
