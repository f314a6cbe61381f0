package dev.domstore.nfs.exportfs;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.domstore.common.FailureReason;
import dev.domstore.common.exports.ExportInForce;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.nfs.config.NfsConfig;

/** The NFS server's exportfs, through the service's one process runner. */
@ApplicationScoped
public class Exportfs {
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin");
    /**
     * Where a program is looked for when the host's files are not this machine's: the PATH the runner
     * gives commands in a QEMU guest (HostCommandRunner.overGuestAgent), not this process's.
     */
    private static final List<String> HOST_SYSTEM_PATH = List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin");
    /** How long an answer that cost host commands (a prefix, another host's files) is kept for readiness. */
    private static final Duration KEEP_ANSWER = Duration.ofSeconds(30);

    private final HostCommandRunner runner;
    private final String program;
    private Availability cached;
    private long cachedAt;

    @Inject
    public Exportfs(NfsConfig config, HostCommandRunner runner) {
        this(config.exportfs(), runner);
    }

    public Exportfs(String program, HostCommandRunner runner) {
        this.program = program;
        this.runner = runner;
    }

    /** {@code exportfs -ra}; a failure to start, a non-zero exit or a timeout throws a HostCommandException. */
    public void reexportAll() {
        runner.run(NfsCommands.reexportAll(program));
    }

    /** What the server exports now, from {@code exportfs -v}. */
    public List<ExportInForce> list() {
        String stdout = runner.run(NfsCommands.listVerbose(program)).stdout();
        try {
            return ExportfsListing.parse(stdout);
        } catch (IllegalArgumentException e) {
            throw new HostOperationException(FailureReason.INTERNAL, "Cannot read what exportfs -v printed: " + e.getMessage(), e);
        }
    }

    /**
     * Where exportfs is on the managed host, looked up through the runner's {@link HostFiles}: the
     * program itself when it is a path, else the first executable of that name in {@link #searchPath()}.
     * With the guest-agent transport (or a command prefix) that is the other host's file system, and a
     * host that does not answer throws a HostOperationException (HostUnreachableException).
     */
    public Optional<Path> locate() {
        HostFiles files = runner.files();
        if (program.contains("/")) {
            Path path = Path.of(program);
            return files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        return searchPath().stream()
                .map(dir -> Path.of(dir, program))
                .filter(files::isExecutable)
                .findFirst();
    }

    /**
     * The directories a program name is looked up in: on this machine this process's PATH (which the
     * runner passes on to exportfs), /usr/sbin and /sbin; on another host the PATH its commands get there.
     */
    List<String> searchPath() {
        if (!isLocalHost()) {
            return HOST_SYSTEM_PATH;
        }
        List<String> dirs = new ArrayList<>(Arrays.asList(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.addAll(SBIN);
        dirs.removeIf(String::isEmpty);
        return dirs;
    }

    /**
     * Whether exportfs can be run, and where it is or why not. Through a command prefix it is asked
     * ({@code exportfs -v}); on another host it is looked up through that host's files. Those answers
     * cost host commands and are kept 30 s; a host that does not answer makes exportfs unavailable.
     */
    public synchronized Availability availability() {
        if (!usesCommandPrefix() && isLocalHost()) {
            return lookUp();
        }
        if (cached != null && System.nanoTime() - cachedAt < KEEP_ANSWER.toNanos()) {
            return cached;
        }
        if (usesCommandPrefix()) {
            try {
                int exit = runner.probe(NfsCommands.listVerbose(program), Duration.ofSeconds(10)).exitCode();
                cached = exit == 0 ? new Availability(true, program + " (through " + String.join(" ", runner.prefix()) + ")")
                        : new Availability(false, "'exportfs -v' through the command prefix exited with " + exit);
            } catch (HostOperationException e) {
                cached = new Availability(false, e.getMessage());
            }
        } else {
            try {
                cached = lookUp();
            } catch (HostOperationException e) {
                cached = new Availability(false, "cannot look for exportfs on the managed host: " + e.getMessage());
            }
        }
        cachedAt = System.nanoTime();
        return cached;
    }

    private Availability lookUp() {
        return locate().map(path -> new Availability(true, path.toString()))
                .orElseGet(() -> new Availability(false, "exportfs not found" + where() + ": install the NFS server (Debian: nfs-kernel-server)"));
    }

    private String where() {
        if (program.contains("/")) {
            return " at " + program + (isLocalHost() ? "" : " on the managed host");
        }
        if (isLocalHost()) {
            return " on PATH, /usr/sbin or /sbin";
        }
        return " on the managed host in " + String.join(":", HOST_SYSTEM_PATH);
    }

    /** {@code detail}: where exportfs is when available, why not otherwise. */
    public record Availability(boolean available, String detail) {
    }

    public String program() {
        return program;
    }

    public boolean usesCommandPrefix() {
        return !runner.prefix().isEmpty();
    }

    /** Whether the managed host is this machine (the local transport), whose PATH this process shares. */
    private boolean isLocalHost() {
        return runner.files() instanceof LocalHostFiles;
    }
}
