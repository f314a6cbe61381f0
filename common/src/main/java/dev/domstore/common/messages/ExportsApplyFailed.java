package dev.domstore.common.messages;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.domstore.common.FailureReason;

/**
 * The host could not apply the command's export set ({@code revision}). The exports file keeps
 * the set it had before (the nfs-service restores it when {@code exportfs} fails), and the
 * host's applied revision does not change. {@code message} says what failed: the field that was
 * invalid, the directory that was missing, or the exportfs argv, exit code and stderr.
 */
public record ExportsApplyFailed(
        UUID messageId,
        UUID commandId,
        String hostId,
        Instant occurredAt,
        long revision,
        FailureReason reason,
        String message) implements CommandResult {

    /** The host's export set ({@link ApplyExports#exportSetId}); not written to JSON. */
    @Override
    @JsonIgnore
    public UUID volumeId() {
        return ApplyExports.exportSetId(hostId);
    }
}
