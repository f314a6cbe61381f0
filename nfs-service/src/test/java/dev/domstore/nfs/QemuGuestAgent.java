package dev.domstore.nfs;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.domstore.hostexec.HostCommandRunner;

/**
 * A real qemu-ga (Debian package qemu-guest-agent) run by a test as a child process, listening on a
 * unix socket as it would on the virtio-serial port of a guest. The "guest" is this machine, which
 * lets a test check on disk what the nfs-service did through the agent; stopping it is a guest
 * that does not answer (its socket stays behind, as that of a dead QEMU does).
 */
public final class QemuGuestAgent implements AutoCloseable {
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

    /** Starts qemu-ga with its socket in {@code directory}; fails, saying what to install, when there is no qemu-ga. */
    public static QemuGuestAgent start(Path directory) {
        QemuGuestAgent agent = new QemuGuestAgent(executable(), directory);
        agent.start();
        return agent;
    }

    /** Where qemu-ga is, with the sbin directories a non-login PATH may lack. */
    static Path executable() {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin"));
        Optional<Path> found = directories.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "qemu-ga"))
                .filter(Files::isExecutable).findFirst();
        if (found.isEmpty()) {
            fail("qemu-ga is not installed, and the nfs-service's guest-agent transport is tested against a real one:"
                    + " install the package qemu-guest-agent (apt-get install -y qemu-guest-agent)");
        }
        return found.get();
    }

    public Path socket() {
        return socket;
    }

    /** A runner over this agent, as the nfs-service makes it with {@code domstore.nfs.transport=guest-agent}. */
    public HostCommandRunner runner() {
        return HostCommandRunner.overGuestAgent(socket, Duration.ofSeconds(30), Map.of());
    }

    /** Starts qemu-ga; nothing happens when it is running. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(directory);
            // -m unix-listen: the socket a virtio-serial port would be; it stays in the foreground (no -d).
            process = new ProcessBuilder(executable.toString(), "-m", "unix-listen", "-p", socket.toString(),
                    "-t", directory.toString(), "-f", directory.resolve("qemu-ga.pid").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(directory.resolve("qemu-ga.log").toFile()))
                    .start();
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
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start qemu-ga in " + directory + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting qemu-ga", e);
        }
    }

    /** Stops qemu-ga as systemd would (SIGTERM): from now on the guest does not answer. */
    public synchronized void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Started and bound: a socket bound to our path is listed in /proc/net/unix. */
    private boolean listening() throws IOException {
        if (!Files.exists(socket)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/net/unix"))) {
            return lines.anyMatch(line -> line.endsWith(" " + socket));
        }
    }

    @Override
    public void close() {
        stop();
    }
}
