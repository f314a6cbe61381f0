package dev.domstore.agent.exec;

import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;

import dev.domstore.common.FailureReason;

/** A host command that failed to start, exited non-zero or ran out of time; the message names the argv and the tool's own words. */
public class HostCommandException extends HostOperationException {
    private final List<String> argv;
    private final OptionalInt exitCode;
    private final String stderr;

    private HostCommandException(FailureReason reason, String message, List<String> argv, OptionalInt exitCode,
            String stderr, Throwable cause) {
        super(reason, message, cause);
        this.argv = List.copyOf(argv);
        this.exitCode = exitCode;
        this.stderr = stderr;
    }

    /** The command ran and exited non-zero. */
    public static HostCommandException failed(HostCommandResult result) {
        String said = result.stderr().isBlank() ? "(nothing on stderr)" : result.stderr().strip();
        return new HostCommandException(reasonFor(result.stderr()),
                "'" + Argv.display(result.argv()) + "' failed with exit code " + result.exitCode() + ": " + said,
                result.argv(), OptionalInt.of(result.exitCode()), result.stderr(), null);
    }

    /** The command ran out of time; {@code whatHappened} finishes the sentence that begins with the argv. */
    public static HostCommandException timedOut(List<String> argv, String whatHappened) {
        return new HostCommandException(FailureReason.TIMEOUT, "'" + Argv.display(argv) + "' " + whatHappened,
                argv, OptionalInt.empty(), "", null);
    }

    /** The command could not be started at all (no such program, not executable, …). */
    public static HostCommandException notStarted(List<String> argv, Exception cause) {
        return new HostCommandException(reasonFor(cause.getMessage()),
                "'" + Argv.display(argv) + "' could not be started: " + cause.getMessage(),
                argv, OptionalInt.empty(), "", cause);
    }

    /** Maps a tool's complaint to the reason the inventory acts on. */
    public static FailureReason reasonFor(String stderr) {
        String text = stderr == null ? "" : stderr.toLowerCase(Locale.ROOT);
        if (text.contains("no space left") || text.contains("insufficient free space")
                || text.contains("insufficient suitable allocatable extents")) {
            return FailureReason.INSUFFICIENT_CAPACITY;
        }
        if (text.contains("already exists")) {
            return FailureReason.CONFLICT;
        }
        if (text.contains("no such file") || text.contains("not found") || text.contains("failed to find")) {
            return FailureReason.NOT_FOUND;
        }
        if (text.contains("busy") || text.contains("in use")) {
            return FailureReason.BUSY;
        }
        return FailureReason.INTERNAL;
    }

    public List<String> argv() {
        return argv;
    }

    /** Empty when the command never exited by itself (not started, or killed at the timeout). */
    public OptionalInt exitCode() {
        return exitCode;
    }

    public String stderr() {
        return stderr;
    }
}
