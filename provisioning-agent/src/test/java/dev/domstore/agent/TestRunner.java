package dev.domstore.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import dev.domstore.agent.exec.HostCommandRunnerProducer;
import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostUnreachableException;
import dev.domstore.hostexec.LocalHostFiles;

/**
 * The agent's runner on this machine, as if it reached a guest through its guest agent: every
 * command and every call of its {@link #files() host files} (this machine's, counted) is recorded
 * as the guest would see it, a file call as {@code [<files>, method, path]}, and the host can be made
 * not to answer, for the next N of them or for those matching a rule, with the
 * {@link HostUnreachableException} the guest agent transport throws.
 */
public class TestRunner extends HostCommandRunner {
    private static final Path SOCKET = Path.of("/run/domstore-test/qga.sock");

    /** What a file call is recorded as: {@code [FILES, method, path]}. */
    public static final String FILES = "<files>";

    private final CountingHostFiles files;
    private final List<List<String>> commands = new ArrayList<>();
    private int unreachableFor;
    private Predicate<List<String>> unreachableWhen = argv -> false;
    private int unreachableThrown;

    public TestRunner() {
        super(List.of(), Duration.ofMinutes(2), HostCommandRunnerProducer.ENVIRONMENT);
        this.files = new CountingHostFiles(LocalHostFiles.INSTANCE, (method, path) -> arrive(List.of(FILES, method, String.valueOf(path))));
    }

    /** The next {@code commands} commands find the host away. */
    public synchronized TestRunner unreachableForNext(int commands) {
        this.unreachableFor = commands;
        return this;
    }

    /** Commands that match find the host away, until changed. */
    public synchronized TestRunner unreachableWhen(Predicate<List<String>> which) {
        this.unreachableWhen = which;
        return this;
    }

    /** Every command asked for (those that found the host away included), in order. */
    public synchronized List<List<String>> commands() {
        return List.copyOf(commands);
    }

    public synchronized int unreachableThrown() {
        return unreachableThrown;
    }

    @Override
    public CountingHostFiles files() {
        return files;
    }

    /** The commands recorded, file calls left out. */
    public synchronized List<List<String>> commandsOnly() {
        return commands.stream().filter(argv -> !argv.get(0).equals(FILES)).toList();
    }

    public synchronized void clear() {
        commands.clear();
        files.reset();
    }

    @Override
    public HostCommandResult run(List<String> argv, Duration timeout) {
        arrive(argv);
        return super.run(argv, timeout);
    }

    @Override
    public HostCommandResult query(List<String> argv) {
        arrive(argv);
        return super.query(argv);
    }

    @Override
    public HostCommandResult probe(List<String> argv, Duration timeout) {
        arrive(argv);
        return super.probe(argv, timeout);
    }

    private synchronized void arrive(List<String> argv) {
        commands.add(List.copyOf(argv));
        if (unreachableFor > 0 || unreachableWhen.test(argv)) {
            unreachableFor = Math.max(0, unreachableFor - 1);
            unreachableThrown++;
            throw new HostUnreachableException(SOCKET, "The guest agent at " + SOCKET + " does not answer (test)", null);
        }
    }
}
