package dev.domstore.common.messages;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;

import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.exports.ExportLine;

/**
 * The full set of NFS exports domstore wants on one NFS server host, published on
 * {@code domstore.commands} keyed by host id and carried out by that host's nfs-service.
 *
 * <p>Applying is idempotent and order-independent: the command replaces the whole of domstore's
 * exports file on the host. {@code revision} grows with every change of the host's set; an
 * nfs-service ignores a command older than the revision it has applied (and says so in its
 * {@link ExportsApplied}), so a late or re-delivered command never rolls the host back.
 *
 * <p>A command acts on the host's export set, not on one volume: {@link #volumeId()} is the set's
 * own id, derived from the host id ({@link #exportSetId}), and is not written to JSON. Each
 * export names its NFS_ROOT volume.
 */
public record ApplyExports(
        UUID commandId,
        String hostId,
        Instant occurredAt,
        long revision,
        List<Export> exports) implements Command {

    public ApplyExports {
        // Not List.copyOf: a null element must reach the nfs-service's validation and be refused there by name.
        exports = exports == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(exports));
    }

    /** The id of the host's export set, the aggregate this command acts on. */
    @Override
    @JsonIgnore
    public UUID volumeId() {
        return exportSetId(hostId);
    }

    /** The stable id of the export set of {@code hostId} (a name-based UUID). */
    public static UUID exportSetId(String hostId) {
        return hostId == null ? null : UUID.nameUUIDFromBytes(("domstore:nfs-exports:" + hostId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * One exported directory.
     *
     * @param volumeId        the NFS_ROOT volume this export serves
     * @param path            absolute path of the directory on the server
     * @param clients         who may mount it, with which options (validated specs, {@link ExportClient})
     * @param createDirectory make the directory (and missing parents, mode 0755) when it does not exist; only
     *                        allowed below the server's export root
     * @param populateFrom    when the directory is made: a directory on the server whose contents are copied
     *                        into it first ({@code cp -a}), such as a prepared root file system; null for none
     */
    public record Export(UUID volumeId, String path, List<ExportClient> clients, boolean createDirectory, String populateFrom) {

        public Export {
            clients = clients == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(clients));
        }

        /** This export as an exports(5) line (not yet validated). */
        public ExportLine line() {
            return new ExportLine(path, clients);
        }
    }
}
