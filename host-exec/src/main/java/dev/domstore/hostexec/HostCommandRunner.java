package dev.domstore.hostexec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import dev.domstore.common.FailureReason;

/**
 * The one place that starts processes on the host, shared by the services that need one
 * (nfs-service, provisioning-agent). It is a plain class: a service makes one instance from its
 * configuration, with a CDI producer in its {@code exec} package, and adds the variables its tools
 * want (the agent sets {@code LVM_SUPPRESS_FD_WARNINGS=1}).
 *
 * <p>Commands are argv lists, never shell strings. They run with {@code LC_ALL=C} (so that their
 * output and messages are the ones parsers and the failure mapping expect) plus any variables the
 * service adds, with stdin from /dev/null, stdout and stderr read concurrently (a command that
 * fills one pipe while the runner waits on the other would otherwise hang), and they are killed
 * with their descendants at the timeout. The configured prefix (for example
 * {@code nsenter -t 1 -m --}) goes before every argv. Every argv is logged.
 */
public class HostCommandRunner {
    private static final Logger LOG = Logger.getLogger(HostCommandRunner.class);
    /** How long a killed command gets to disappear before the runner moves on. */
    private static final Duration REAP_AFTER_KILL = Duration.ofSeconds(2);
    /** Daemons: a reader blocked on a pipe that an escaped descendant holds open must not keep the JVM alive. */
    private static final Executor OUTPUT_READERS = task -> {
        Thread reader = new Thread(task, "host-command-output");
        reader.setDaemon(true);
        reader.start();
    };

    private final List<String> prefix;
    private final Duration defaultTimeout;
    private final Map<String, String> environment;

    public HostCommandRunner(List<String> prefix, Duration defaultTimeout) {
        this(prefix, defaultTimeout, Map.of());
    }

    /** {@code environment}: variables set for every command besides {@code LC_ALL=C}. */
    public HostCommandRunner(List<String> prefix, Duration defaultTimeout, Map<String, String> environment) {
        this.prefix = List.copyOf(prefix);
        this.defaultTimeout = defaultTimeout;
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("LC_ALL", "C");
        this.environment = Map.copyOf(env);
    }

    /** The file system of the host this runner runs commands on. */
    public HostFiles files() {
        return LocalHostFiles.INSTANCE;
    }

    /** The argv put before every command. */
    public List<String> prefix() {
        return prefix;
    }

    /** Runs a command that must succeed; a non-zero exit becomes a {@link HostCommandException}. */
    public HostCommandResult run(List<String> argv) {
        return run(argv, defaultTimeout);
    }

    public HostCommandResult run(List<String> argv, Duration timeout) {
        HostCommandResult result = execute(argv, timeout, Logger.Level.INFO);
        if (!result.succeeded()) {
            throw HostCommandException.failed(result);
        }
        return result;
    }

    /** Runs a query whose exit code is part of the answer (blkid exits 2 for "nothing found"); only a timeout or a failed start throws. */
    public HostCommandResult probe(List<String> argv) {
        return probe(argv, defaultTimeout);
    }

    public HostCommandResult probe(List<String> argv, Duration timeout) {
        return execute(argv, timeout, Logger.Level.DEBUG);
    }

    private HostCommandResult execute(List<String> command, Duration timeout, Logger.Level logLevel) {
        if (command.isEmpty()) {
            throw new HostOperationException(FailureReason.INTERNAL, "An empty command cannot be run");
        }
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        LOG.logf(logLevel, "Running %s", Argv.display(argv));

        long started = System.nanoTime();
        Process process = start(argv);
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readFully(process.getInputStream()), OUTPUT_READERS);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readFully(process.getErrorStream()), OUTPUT_READERS);
        long deadline = started + timeout.toNanos();

        boolean exited;
        try {
            exited = process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            killWithDescendants(process);
            Thread.currentThread().interrupt();
            throw new HostOperationException(FailureReason.INTERNAL, "Interrupted while waiting for '" + Argv.display(argv) + "'", e);
        }
        if (!exited) {
            killWithDescendants(process);
            throw HostCommandException.timedOut(argv, "did not finish within " + timeout.toMillis() + " ms and was killed");
        }
        // The command exited, but a process it left behind may still hold its output open.
        String out = awaitOutput(stdout, argv, timeout, deadline);
        String err = awaitOutput(stderr, argv, timeout, deadline);
        HostCommandResult result = new HostCommandResult(argv, process.exitValue(), out, err, Duration.ofNanos(System.nanoTime() - started));
        LOG.debugf("'%s' exited with %d after %d ms", Argv.display(argv), result.exitCode(), result.duration().toMillis());
        return result;
    }

    private Process start(List<String> argv) {
        ProcessBuilder builder = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw HostCommandException.notStarted(argv, e);
        }
    }

    private static String readFully(InputStream stream) {
        try (stream) {
            return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String awaitOutput(CompletableFuture<String> output, List<String> argv, Duration timeout, long deadline) {
        try {
            return output.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw HostCommandException.timedOut(argv, "exited, but a process it left behind still held its output open after "
                    + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new HostOperationException(FailureReason.INTERNAL,
                    "Cannot read the output of '" + Argv.display(argv) + "': " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostOperationException(FailureReason.INTERNAL, "Interrupted while reading the output of '" + Argv.display(argv) + "'", e);
        }
    }

    /** Descendants are listed before the parent dies: afterwards they are re-parented and no longer found. */
    private static void killWithDescendants(Process process) {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
        try {
            process.waitFor(REAP_AFTER_KILL.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
