package dev.domstore.hostexec;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How a {@link HostCommandRunner} gets a command run on its host: as a local process, or through the
 * QEMU guest agent of a guest. The runner owns what both share (the prefix, {@code LC_ALL=C}, logging,
 * the result and the failure mapping); a transport only runs one argv to its end.
 */
interface CommandTransport extends AutoCloseable {

    /**
     * Runs {@code argv} exactly as given (the runner has already put the prefix before it) with
     * exactly {@code environment} added, feeding it {@code stdin} (null: nothing, as from /dev/null).
     *
     * @throws HostCommandException {@link HostCommandException#timedOut timed out} (after killing the
     *         command and its descendants) or {@link HostCommandException#notStarted not started}
     * @throws HostUnreachableException the host could not be asked at all
     */
    Completion run(List<String> argv, Map<String, String> environment, Duration timeout, String stdin);

    /** Whether commands run on this machine, so that the host's files are this process's files (when there is no prefix). */
    boolean isLocal();

    /** For log lines: where the command runs, as a phrase that follows the argv ("" for this machine). */
    String where();

    /** Lets go of whatever the transport holds open; a later {@link #run} opens it again. */
    @Override
    void close();

    /** How a command that ran to its end ended. */
    record Completion(int exitCode, String stdout, String stderr) {
    }
}
