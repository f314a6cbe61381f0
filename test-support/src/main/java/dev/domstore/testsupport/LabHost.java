package dev.domstore.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A lab host: a QEMU guest with real device-mapper, LVM, dmeventd, loop devices and a kernel NFS
 * server, booted by {@code lab/host} (see {@code lab/README.md}). Its disks are pristine at every
 * boot. Tests reach it through {@link #qgaSocket()} (qemu-guest-agent) and, with
 * {@link Options#nfsPort(int)}, the guest's NFS server on 127.0.0.1. Killed when the test JVM
 * exits, whatever happens to the test.
 */
public final class LabHost implements AutoCloseable {
    /** How a lab host is booted; {@link #defaults()}, then the one-argument methods (each returns a copy). */
    public record Options(String pvSize, Integer maxLoop, int memoryMb, Integer nfsPort, String vg, Duration bootTimeout) {
        public static Options defaults() {
            return new Options("4G", null, 1024, null, "vg0", Duration.ofSeconds(120));
        }

        /** Size of the blank disk that becomes the volume group, as {@code truncate -s} takes it ("4G"). */
        public Options pvSize(String size) {
            return new Options(size, maxLoop, memoryMb, nfsPort, vg, bootTimeout);
        }

        /** The guest kernel's {@code loop.max_loop}: at most this many loop devices. */
        public Options maxLoop(int max) {
            return new Options(pvSize, max, memoryMb, nfsPort, vg, bootTimeout);
        }

        public Options memoryMb(int mb) {
            return new Options(pvSize, maxLoop, mb, nfsPort, vg, bootTimeout);
        }

        /** Forwards 127.0.0.1:{@code port} on this machine to the guest's NFS server (port 2049). */
        public Options nfsPort(int port) {
            return new Options(pvSize, maxLoop, memoryMb, port, vg, bootTimeout);
        }

        public Options vg(String name) {
            return new Options(pvSize, maxLoop, memoryMb, nfsPort, name, bootTimeout);
        }

        public Options bootTimeout(Duration timeout) {
            return new Options(pvSize, maxLoop, memoryMb, nfsPort, vg, timeout);
        }
    }

    /** Room for a cold image build (several minutes) on top of the boot itself. */
    private static final Duration BUILD_ALLOWANCE = Duration.ofMinutes(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final String hostId;
    private final Path stateDir;
    private final Options options;
    private final Thread reaper;
    private boolean closed;

    private LabHost(String hostId, Path stateDir, Options options) {
        this.hostId = hostId;
        this.stateDir = stateDir;
        this.options = options;
        this.reaper = new Thread(this::killQuietly, "kill-lab-host-" + hostId);
        Runtime.getRuntime().addShutdownHook(reaper);
    }

    /** Whether lab hosts can run here: QEMU is installed. */
    public static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "qemu-system-x86_64"))) {
                return true;
            }
        }
        return false;
    }

    /** Boots a lab host (building the image first if needed) and returns once it printed its ready line. */
    public static LabHost boot(String hostId, Path stateDir, Options options) {
        LabHost host = new LabHost(hostId, stateDir.toAbsolutePath(), options);
        try {
            host.start();
        } catch (RuntimeException e) {
            host.close();
            throw e;
        }
        return host;
    }

    public String hostId() {
        return hostId;
    }

    public Path stateDir() {
        return stateDir;
    }

    public Options options() {
        return options;
    }

    /** The guest agent channel of the host's provisioning agent: {@code guest-exec} runs commands in the guest as root. */
    public Path qgaSocket() {
        return stateDir.resolve("qga.sock");
    }

    /** The guest agent channel of the host's nfs-service (a guest agent serves one client at a time). */
    public Path nfsQgaSocket() {
        return stateDir.resolve("qga-nfs.sock");
    }

    /** The guest agent channel for looking inside the guest from a test or by hand. */
    public Path operatorQgaSocket() {
        return stateDir.resolve("qga-operator.sock");
    }

    /** QEMU's QMP monitor socket. */
    public Path qmpSocket() {
        return stateDir.resolve("qmp.sock");
    }

    /** The serial console of the current boot (kernel messages, the guest init's log). */
    public Path consoleLog() {
        return stateDir.resolve("console.log");
    }

    /** Whether the guest's QEMU runs. */
    public boolean isRunning() {
        return run(List.of("status", stateDir.toString()), Duration.ofSeconds(30)) == 0;
    }

    /** SIGKILL to QEMU: the host crashes, nothing in the guest gets to react. */
    public void kill() {
        check(List.of("kill", stateDir.toString()), STOP_TIMEOUT);
    }

    /** Crashes the host and boots it again with the same options, from pristine disks. */
    public void reboot() {
        kill();
        start();
    }

    /** Powers the guest off (it is killed if it does not go within 20 s); the state dir stays. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (run(List.of("stop", stateDir.toString()), STOP_TIMEOUT) != 0) {
                killQuietly();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or has run
            }
        }
    }

    private void start() {
        List<String> args = new ArrayList<>(List.of("start", hostId, "--state-dir", stateDir.toString(),
                "--pv-size", options.pvSize(), "--memory", Integer.toString(options.memoryMb()), "--vg", options.vg(),
                "--timeout", Long.toString(options.bootTimeout().toSeconds())));
        if (options.maxLoop() != null) {
            args.addAll(List.of("--max-loop", options.maxLoop().toString()));
        }
        if (options.nfsPort() != null) {
            args.addAll(List.of("--nfs-port", options.nfsPort().toString()));
        }
        check(args, options.bootTimeout().plus(BUILD_ALLOWANCE));
    }

    private void killQuietly() {
        try {
            run(List.of("kill", stateDir.toString()), Duration.ofSeconds(20));
        } catch (RuntimeException e) {
            // last resort below
        }
        // If the script could not run, the pidfile still names QEMU.
        try {
            Path pidFile = stateDir.resolve("qemu.pid");
            if (Files.exists(pidFile)) {
                ProcessHandle.of(Long.parseLong(Files.readString(pidFile).trim()))
                        .filter(p -> p.info().commandLine().map(c -> c.contains(stateDir.toString())).orElse(false))
                        .ifPresent(ProcessHandle::destroyForcibly);
            }
        } catch (IOException | NumberFormatException e) {
            // nothing left to try
        }
    }

    private void check(List<String> args, Duration timeout) {
        int code = run(args, timeout);
        if (code != 0) {
            throw new IllegalStateException("lab/host " + String.join(" ", args) + " exited with " + code
                    + "; its output (" + log() + "):\n" + tail());
        }
    }

    /** Runs {@code lab/host ARGS}, its output appended to the state dir's lab-host.log; returns the exit code. */
    private int run(List<String> args, Duration timeout) {
        List<String> argv = new ArrayList<>();
        argv.add(ProjectPaths.root().resolve("lab").resolve("host").toString());
        argv.addAll(args);
        try {
            Files.createDirectories(stateDir);
            Files.writeString(log(), "$ lab/host " + String.join(" ", args) + "\n",
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            Process process = new ProcessBuilder(argv)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("lab/host " + String.join(" ", args) + " did not finish within "
                        + timeout + "; its output:\n" + tail());
            }
            return process.exitValue();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + argv, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Path log() {
        return stateDir.resolve("lab-host.log");
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e.getMessage() + ")";
        }
    }
}
