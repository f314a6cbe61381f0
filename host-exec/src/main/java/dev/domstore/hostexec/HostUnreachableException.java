package dev.domstore.hostexec;

import java.nio.file.Path;

import dev.domstore.common.FailureReason;

/**
 * The host could not be asked to do anything: its guest agent's socket is missing, nobody listens on
 * it, or the agent does not answer (QEMU killed, the guest not booted yet, qemu-guest-agent not
 * running in it). Nothing can be said about the host, so a caller retries later rather than fail
 * the operation; a command that was running when the connection broke may or may not have
 * finished, which is harmless for commands that are idempotent by construction.
 */
public class HostUnreachableException extends HostOperationException {
    private final Path socket;

    public HostUnreachableException(Path socket, String message, Throwable cause) {
        super(FailureReason.INTERNAL, message, cause);
        this.socket = socket;
    }

    /** The guest agent socket that could not be used. */
    public Path socket() {
        return socket;
    }
}
