package dev.domstore.nfs;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

import dev.domstore.hostexec.HostCommandResult;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostUnreachableException;

/**
 * A runner on this machine whose host stops answering for the commands a test chooses, the way a
 * QEMU guest does whose agent is gone: at exactly the step the test wants (the exportfs -ra after the
 * file was replaced, say), which a real agent cannot be stopped at. Commands that go through are real.
 */
public class SometimesUnreachableRunner extends HostCommandRunner {
    private static final Path SOCKET = Path.of("/run/domstore-test/nfs-guest/qga.sock");
    private volatile Predicate<List<String>> unreachableFor = argv -> false;

    public SometimesUnreachableRunner() {
        super(List.of(), Duration.ofSeconds(30));
    }

    /** From now on, the commands {@code which} accepts throw HostUnreachableException without running. */
    public void unreachableFor(Predicate<List<String>> which) {
        unreachableFor = which;
    }

    /** From now on, every command runs. */
    public void answers() {
        unreachableFor = argv -> false;
    }

    @Override
    public HostCommandResult run(List<String> argv, Duration timeout, String stdin) {
        refuse(argv);
        return super.run(argv, timeout, stdin);
    }

    @Override
    public HostCommandResult probe(List<String> argv, Duration timeout, String stdin) {
        refuse(argv);
        return super.probe(argv, timeout, stdin);
    }

    private void refuse(List<String> argv) {
        if (unreachableFor.test(argv)) {
            throw new HostUnreachableException(SOCKET, "The guest agent at " + SOCKET + " does not answer (the test stopped it for "
                    + String.join(" ", argv) + ")", null);
        }
    }
}
