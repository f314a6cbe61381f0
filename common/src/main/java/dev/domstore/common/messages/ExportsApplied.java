package dev.domstore.common.messages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.domstore.common.exports.ExportInForce;

/**
 * The host's exports file holds the command's set and {@code exportfs -ra} took it; or, when
 * {@code appliedRevision > revision}, the command was older than what the host has and was
 * ignored. {@code exportsInForce} is what {@code exportfs -v} showed afterwards for the paths of
 * the set in force (a client added by hand for one of them shows up here too).
 */
public record ExportsApplied(
        UUID messageId,
        UUID commandId,
        String hostId,
        Instant occurredAt,
        long revision,
        long appliedRevision,
        List<ExportInForce> exportsInForce) implements CommandResult {

    public ExportsApplied {
        exportsInForce = exportsInForce == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(exportsInForce));
    }

    /** The host's export set ({@link ApplyExports#exportSetId}); not written to JSON. */
    @Override
    @JsonIgnore
    public UUID volumeId() {
        return ApplyExports.exportSetId(hostId);
    }

    /** The command was older than the revision in force on the host, and was ignored. */
    public boolean superseded() {
        return appliedRevision > revision;
    }
}
