package dev.domstore.hostexec;

import dev.domstore.common.FailureReason;

/**
 * A host operation could not be carried out. The reason becomes the failure result's reason;
 * the message says what failed and is shown to the operator as it is.
 */
public class HostOperationException extends RuntimeException {
    private final FailureReason reason;

    public HostOperationException(FailureReason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public HostOperationException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public FailureReason reason() {
        return reason;
    }
}
