package dev.domstore.hostexec;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * service adds, with stdin from /dev/null unless the caller gives it, stdout and stderr read
 * concurrently (a command that fills one pipe while the runner waits on the other would otherwise
 * hang), and they are killed with their descendants at the timeout. The configured prefix (for
 * example {@code nsenter -t 1 -m --}) goes before every argv. Every argv is logged.
 *
 * <p>The host is this machine unless the runner was made with {@link #overGuestAgent}: then it is
 * a QEMU guest, and every command runs there through the guest's qemu-guest-agent, with the same
 * results and failures, plus {@link HostUnreachableException} when the guest cannot be reached.
 */
public class HostCommandRunner implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HostCommandRunner.class);

    private final List<String> prefix;
    private final Duration defaultTimeout;
    private final Map<String, String> environment;
    private final CommandTransport transport;
    private final HostFiles files;

    public HostCommandRunner(List<String> prefix, Duration defaultTimeout) {
        this(prefix, defaultTimeout, Map.of());
    }

    /** {@code environment}: variables set for every command besides {@code LC_ALL=C}. */
    public HostCommandRunner(List<String> prefix, Duration defaultTimeout, Map<String, String> environment) {
        this(prefix, defaultTimeout, environment, LocalProcessTransport.INSTANCE);
    }

    private HostCommandRunner(List<String> prefix, Duration defaultTimeout, Map<String, String> environment, CommandTransport transport) {
        this.prefix = List.copyOf(prefix);
        this.defaultTimeout = defaultTimeout;
        Map<String, String> env = new LinkedHashMap<>(environment);
        env.put("LC_ALL", "C");
        this.environment = Map.copyOf(env);
        this.transport = transport;
        // With a prefix (nsenter into the host's namespaces) the host's files are not this process's either.
        this.files = transport.isLocal() && this.prefix.isEmpty() ? LocalHostFiles.INSTANCE : new CommandHostFiles(this);
    }

    /**
     * A runner whose host is the QEMU guest behind {@code qgaSocket}, the host end of the
     * virtio-serial chardev its qemu-guest-agent listens on. The agent replaces a command's whole
     * environment, so commands get {@code PATH=/usr/sbin:/usr/bin:/sbin:/bin} (unless
     * {@code environment} sets another), {@code environment} and {@code LC_ALL=C}; program names
     * without a slash are looked up in that {@code PATH}. Nothing is connected until the first
     * command; the connection is kept, and made again after it breaks.
     */
    public static HostCommandRunner overGuestAgent(Path qgaSocket, Duration defaultTimeout, Map<String, String> environment) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", GuestAgentTransport.GUEST_PATH);
        env.putAll(environment);
        return new HostCommandRunner(List.of(), defaultTimeout, env, new GuestAgentTransport(new GuestAgentClient(qgaSocket)));
    }

    /**
     * The file system of the host this runner runs commands on: this machine's, through java.nio,
     * for a local runner without a prefix; otherwise reached through this runner's commands.
     */
    public HostFiles files() {
        return files;
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
        return run(argv, timeout, null);
    }

    /** Runs a command that must succeed with {@code stdin} (UTF-8) as its standard input; null gives it /dev/null. */
    public HostCommandResult run(List<String> argv, Duration timeout, String stdin) {
        HostCommandResult result = execute(argv, timeout, stdin, Logger.Level.INFO);
        if (!result.succeeded()) {
            throw HostCommandException.failed(result);
        }
        return result;
    }

    /**
     * Runs a read-only query that must succeed ({@code lvs}, {@code vgs}, {@code losetup --list}),
     * logged at DEBUG: reports and telemetry run such queries every second, and at INFO they would
     * bury the commands that change something.
     */
    public HostCommandResult query(List<String> argv) {
        HostCommandResult result = execute(argv, defaultTimeout, null, Logger.Level.DEBUG);
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
        return probe(argv, timeout, null);
    }

    /** {@link #probe(List, Duration)} with {@code stdin} (UTF-8) as the command's standard input; null gives it /dev/null. */
    public HostCommandResult probe(List<String> argv, Duration timeout, String stdin) {
        return execute(argv, timeout, stdin, Logger.Level.DEBUG);
    }

    /** The default timeout, for callers that pass stdin and want no other. */
    public Duration defaultTimeout() {
        return defaultTimeout;
    }

    /** Lets go of the connection to a guest agent (a later command makes a new one); nothing for a local runner. */
    @Override
    public void close() {
        transport.close();
    }

    private HostCommandResult execute(List<String> command, Duration timeout, String stdin, Logger.Level logLevel) {
        if (command.isEmpty()) {
            throw new HostOperationException(FailureReason.INTERNAL, "An empty command cannot be run");
        }
        List<String> argv = new ArrayList<>(prefix);
        argv.addAll(command);
        LOG.logf(logLevel, "Running %s%s", Argv.display(argv), transport.where());

        long started = System.nanoTime();
        CommandTransport.Completion completion = transport.run(argv, environment, timeout, stdin);
        HostCommandResult result = new HostCommandResult(argv, completion.exitCode(), completion.stdout(), completion.stderr(),
                Duration.ofNanos(System.nanoTime() - started));
        LOG.debugf("'%s' exited with %d after %d ms", Argv.display(argv), result.exitCode(), result.duration().toMillis());
        return result;
    }
}
