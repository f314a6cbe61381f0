package dev.domstore.nfs.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.domstore.common.exports.ExportLine;
import dev.domstore.common.exports.ExportPaths;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.validation.InvalidInputException;

/**
 * An ApplyExports checked again on the server (a command is never trusted, whoever sent it) and
 * turned into the exports file. The rules are common's ({@link ExportLine}); the server adds its
 * own: directories are only created below its export root, and {@code populateFrom} only fills a
 * directory that is being created.
 */
public final class DesiredExports {
    private DesiredExports() {
    }

    /** The command's exports, validated and canonical, sorted by path; an {@link InvalidInputException} names the bad field. */
    public static List<ApplyExports.Export> validate(ApplyExports command, String exportRoot) {
        if (command.revision() < 0) {
            throw invalid("revision", "The revision is " + command.revision() + ": revisions start at 0 and only grow.");
        }
        List<ApplyExports.Export> valid = new ArrayList<>();
        List<ExportLine> lines = new ArrayList<>();
        Map<UUID, Integer> volumes = new HashMap<>();
        for (int i = 0; i < command.exports().size(); i++) {
            String prefix = "exports[" + i + "].";
            ApplyExports.Export export = command.exports().get(i);
            if (export == null) {
                throw invalid("exports[" + i + "]", "Export " + i + " is missing (null).");
            }
            if (export.volumeId() == null) {
                throw invalid(prefix + "volumeId", "The export of " + export.path() + " names no volume: give the NFS_ROOT volume it serves.");
            }
            Integer other = volumes.putIfAbsent(export.volumeId(), i);
            if (other != null) {
                throw invalid(prefix + "volumeId", "Volume " + export.volumeId() + " has two exports (exports[" + other + "] and exports["
                        + i + "]): a volume is one directory, exported once with all its clients.");
            }
            ExportLine line = export.line().validated(prefix);
            if (export.createDirectory()) {
                ExportPaths.requireUnder(prefix + "path", exportRoot, line.path());
            }
            String populateFrom = null;
            if (export.populateFrom() != null) {
                if (!export.createDirectory()) {
                    throw invalid(prefix + "populateFrom", "populateFrom is only used when domstore creates the directory: set "
                            + "createDirectory, or fill " + line.path() + " yourself.");
                }
                populateFrom = ExportPaths.requireExportPath(prefix + "populateFrom", export.populateFrom());
                if (populateFrom.equals(line.path()) || line.path().startsWith(populateFrom + "/")
                        || populateFrom.startsWith(line.path() + "/")) {
                    throw invalid(prefix + "populateFrom", "populateFrom " + populateFrom + " and the export " + line.path()
                            + " contain one another: the copy would copy into itself.");
                }
            }
            lines.add(line);
            valid.add(new ApplyExports.Export(export.volumeId(), line.path(), line.clients(), export.createDirectory(), populateFrom));
        }
        ExportLine.requireConsistentSet("exports", lines);
        valid.sort(Comparator.comparing(ApplyExports.Export::path));
        return List.copyOf(valid);
    }

    /**
     * The exports file for a validated set: a header, then one canonical line per export in path
     * order. The header holds only numbers and ids, never free text that could end a comment line.
     */
    public static String render(ApplyExports command, List<ApplyExports.Export> validated) {
        StringBuilder file = new StringBuilder()
                .append("# Managed by domstore nfs-service: every ApplyExports replaces this whole file. Do not edit it;\n")
                .append("# change the exports through domstore. Other files under /etc/exports.d/ and /etc/exports are not domstore's.\n")
                .append("# revision ").append(command.revision()).append(", command ").append(command.commandId()).append('\n');
        for (ApplyExports.Export export : validated) {
            file.append(export.line().render()).append('\n');
        }
        return file.toString();
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.FIELD, field, message);
    }
}
