package dev.domstore.common;

/** Why a host operation failed, mapped from the tool's exit code and stderr. */
public enum FailureReason {
    NOT_FOUND,
    INSUFFICIENT_CAPACITY,
    INVALID_ARGUMENT,
    /** The object is in use (mounted, open, attached) and the operation would disturb it. */
    BUSY,
    /** Something different already exists under that name. */
    CONFLICT,
    /** The tool did not answer in time. */
    TIMEOUT,
    INTERNAL
}
