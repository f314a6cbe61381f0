package dev.domstore.nfs.exportfs;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.domstore.common.FailureReason;
import dev.domstore.common.exports.ExportInForce;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.nfs.config.NfsConfig;

/** The NFS server's exportfs, through the service's one process runner. */
@ApplicationScoped
public class Exportfs {
    private static final List<String> SBIN = List.of("/usr/sbin", "/sbin");

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
     * Where exportfs is, when the service runs host commands directly: the program itself when it is
     * a path, else the first executable of that name on PATH, /usr/sbin or /sbin. With a command
     * prefix the program lives elsewhere (another mount namespace) and is not looked up here.
     */
    public Optional<Path> locate() {
        if (program.contains("/")) {
            Path path = Path.of(program);
            return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
        }
        String pathVariable = System.getenv().getOrDefault("PATH", "");
        return java.util.stream.Stream.concat(Arrays.stream(pathVariable.split(File.pathSeparator)), SBIN.stream())
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /** Whether exportfs can be run, and where it is or why not. Through a command prefix it is asked ({@code exportfs -v}); answers are kept 30 s. */
    public synchronized Availability availability() {
        if (!usesCommandPrefix()) {
            return locate().map(path -> new Availability(true, path.toString()))
                    .orElseGet(() -> new Availability(false, "exportfs not found" + (program.contains("/") ? " at " + program
                            : " on PATH, /usr/sbin or /sbin") + ": install the NFS server (Debian: nfs-kernel-server)"));
        }
        if (cached != null && System.nanoTime() - cachedAt < java.time.Duration.ofSeconds(30).toNanos()) {
            return cached;
        }
        try {
            int exit = runner.probe(NfsCommands.listVerbose(program), java.time.Duration.ofSeconds(10)).exitCode();
            cached = exit == 0 ? new Availability(true, program + " (through " + String.join(" ", runner.prefix()) + ")")
                    : new Availability(false, "'exportfs -v' through the command prefix exited with " + exit);
        } catch (HostOperationException e) {
            cached = new Availability(false, e.getMessage());
        }
        cachedAt = System.nanoTime();
        return cached;
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
}
