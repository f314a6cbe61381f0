package dev.domstore.common.messages;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonTypeInfo;

import dev.domstore.common.exports.ExportInForce;

/**
 * What an NFS server really exports, published by its nfs-service on {@code domstore.export-reports} ({@link dev.domstore.common.Topics#EXPORT_REPORTS}) keyed by host
 * id: on start, on a schedule and after every ApplyExports.
 *
 * @param appliedRevision the revision of the last export set applied on the host; null before the first
 * @param exportsInForce  every export in force on the host, domstore's and others', from {@code exportfs -v}
 * @param drift           the differences between the applied set and what is in force
 * @param error           why the exports in force could not be read (then the lists are empty); null otherwise
 * exportRoot: the directory below which this nfs-service creates export directories.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "type")
public record ExportsReport(
        UUID messageId,
        String hostId,
        Instant occurredAt,
        Long appliedRevision,
        List<ExportInForce> exportsInForce,
        Drift drift,
        String error,
        String exportRoot) implements Versioned {

    public ExportsReport {
        exportsInForce = copy(exportsInForce);
        drift = drift == null ? Drift.NONE : drift;
    }

    /**
     * The applied set against what is in force, client by client ({@code path} and {@code host}).
     *
     * @param missing       in the applied set, not in force
     * @param unexpected    in force for a path of the applied set or below the export root, not in the applied set
     *                      (a client added by hand, or the world after the space-before-parenthesis mistake)
     * @param optionsDiffer in both, with different options (compared with every default filled in)
     */
    public record Drift(List<Difference> missing, List<Difference> unexpected, List<Difference> optionsDiffer) {
        public static final Drift NONE = new Drift(List.of(), List.of(), List.of());

        public Drift {
            missing = copy(missing);
            unexpected = copy(unexpected);
            optionsDiffer = copy(optionsDiffer);
        }

        /** Whether anything differs. */
        public boolean any() {
            return !missing.isEmpty() || !unexpected.isEmpty() || !optionsDiffer.isEmpty();
        }
    }

    /**
     * One client of one export that differs. {@code expectedOptions} are the applied set's options
     * and {@code actualOptions} exportfs' (absent for a missing or unexpected entry), both with
     * every default filled in so that they compare option by option.
     */
    public record Difference(String path, String host, List<String> expectedOptions, List<String> actualOptions) {
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
