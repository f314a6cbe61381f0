package dev.domstore.hostexec;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.domstore.common.FailureReason;

/**
 * Commands as processes of this machine: stdin from /dev/null (or the bytes given), stdout and
 * stderr read concurrently (a command that fills one pipe while the runner waits on the other
 * would otherwise hang), killed with their descendants at the timeout.
 */
final class LocalProcessTransport implements CommandTransport {
    static final LocalProcessTransport INSTANCE = new LocalProcessTransport();

    /** How long a killed command gets to disappear before the runner moves on. */
    private static final Duration REAP_AFTER_KILL = Duration.ofSeconds(2);
    /**
     * Daemons: a reader blocked on a pipe that an escaped descendant holds open must not keep the JVM alive.
     * Reused: starting two threads for every command costs little on an idle host, and 1 to 2 ms on a busy one.
     */
    private static final Executor PIPE_THREADS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "host-command-pipe");
        thread.setDaemon(true);
        return thread;
    });

    private LocalProcessTransport() {
    }

    @Override
    public Completion run(List<String> argv, Map<String, String> environment, Duration timeout, String stdin) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Process process = start(argv, environment, stdin != null);
        if (stdin != null) {
            CompletableFuture.runAsync(() -> feed(process.getOutputStream(), stdin), PIPE_THREADS);
        }
        CompletableFuture<String> stdout = CompletableFuture.supplyAsync(() -> readFully(process.getInputStream()), PIPE_THREADS);
        CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readFully(process.getErrorStream()), PIPE_THREADS);

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
        return new Completion(process.exitValue(), out, err);
    }

    @Override
    public boolean isLocal() {
        return true;
    }

    @Override
    public String where() {
        return "";
    }

    @Override
    public void close() {
        // Nothing is held between commands.
    }

    private static Process start(List<String> argv, Map<String, String> environment, boolean withStdin) {
        ProcessBuilder builder = new ProcessBuilder(argv);
        if (!withStdin) {
            builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        }
        builder.environment().putAll(environment);
        try {
            return builder.start();
        } catch (IOException e) {
            throw HostCommandException.notStarted(argv, e);
        }
    }

    /** A command may exit without reading all of its input; the broken pipe that leaves is not the runner's failure. */
    private static void feed(OutputStream stream, String stdin) {
        try (stream) {
            stream.write(stdin.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // The exit code and stderr tell what the command made of its input.
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
