package dev.domstore.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A real qemu-ga (Debian package qemu-guest-agent) run by a test as a {@link ChildProcess},
 * listening on a unix socket as it would on the virtio-serial port of a guest. The "guest" is this
 * machine, so a test can check on disk, or with the tools themselves, what a command run through
 * the guest agent really did. Stopping it is a guest that does not answer: its socket file stays
 * behind, as that of a dead QEMU does. Like every child process of a test, it is stopped when the
 * test JVM exits, whatever happens to the test.
 */
public final class LocalQemuGuestAgent implements AutoCloseable {
    private static final Duration STARTUP = Duration.ofSeconds(10);

    private final Path executable;
    private final Path directory;
    private final Path socket;
    private ChildProcess process;

    private LocalQemuGuestAgent(Path executable, Path directory) {
        this.executable = executable;
        this.directory = directory;
        this.socket = directory.resolve("qga.sock");
    }

    /**
     * Starts qemu-ga with its socket, pid file, state and log ({@code qemu-ga.log}) in
     * {@code directory}, made if need be; throws, saying what to install, when there is no qemu-ga.
     */
    public static LocalQemuGuestAgent start(Path directory) {
        LocalQemuGuestAgent agent = new LocalQemuGuestAgent(executable(), directory);
        agent.start();
        return agent;
    }

    /** Where qemu-ga is: on PATH, or in the sbin directories a non-login PATH may lack. */
    public static Path executable() {
        List<String> directories = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        directories.addAll(List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin"));
        Optional<Path> found = directories.stream().filter(d -> !d.isEmpty()).map(d -> Path.of(d, "qemu-ga"))
                .filter(Files::isExecutable).findFirst();
        return found.orElseThrow(() -> new IllegalStateException("qemu-ga is not installed, and the guest-agent transport is "
                + "tested against a real one: install the package qemu-guest-agent (apt-get install -y qemu-guest-agent)"));
    }

    /** The host end of the "guest's" agent channel: what a runner over the guest agent connects to. */
    public Path socket() {
        return socket;
    }

    /** Starts qemu-ga and waits until it listens; nothing happens when it is running. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot make the directory of qemu-ga " + directory, e);
        }
        // -m unix-listen: the socket a virtio-serial port would be; it stays in the foreground (no -d).
        process = ChildProcess.start("qemu-ga", List.of(executable.toString(), "-m", "unix-listen", "-p", socket.toString(),
                "-t", directory.toString(), "-f", directory.resolve("qemu-ga.pid").toString()), Map.of(), directory.resolve("qemu-ga.log"));
        process.awaitReady(this::listening, STARTUP);
    }

    /** Stops qemu-ga as systemd would (SIGTERM, with what it runs): from now on the guest does not answer. */
    public synchronized void stop() {
        if (process != null) {
            process.close();
            process = null;
        }
    }

    public synchronized void restart() {
        stop();
        start();
    }

    @Override
    public void close() {
        stop();
    }

    /** Started and bound: a socket bound to our path is listed in /proc/net/unix. */
    private boolean listening() {
        if (!Files.exists(socket)) {
            return false;
        }
        try (Stream<String> lines = Files.lines(Path.of("/proc/net/unix"))) {
            return lines.anyMatch(line -> line.endsWith(" " + socket));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
