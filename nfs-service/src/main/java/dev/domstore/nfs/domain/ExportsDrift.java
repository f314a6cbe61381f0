package dev.domstore.nfs.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.domstore.common.exports.ClientHost;
import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.exports.ExportInForce;
import dev.domstore.common.exports.ExportOptions;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.common.validation.InvalidInputException;

/**
 * The applied set against what exportfs says is in force, client by client. Options are compared
 * with every default filled in on both sides ({@link ExportOptions#effective} and
 * {@link ExportOptions#effectiveAsReported}), so {@code rw,sync,no_subtree_check} matches
 * exportfs' {@code sync,wdelay,hide,no_subtree_check,sec=sys,rw,secure,root_squash,no_all_squash}.
 * Exports of other paths are the host's own business unless they lie below the export root.
 */
public final class ExportsDrift {
    private ExportsDrift() {
    }

    private record Key(String path, String host) {
    }

    public static ExportsReport.Drift compare(List<ApplyExports.Export> applied, List<ExportInForce> inForce, String exportRoot) {
        Map<Key, ExportClient> desired = new LinkedHashMap<>();
        for (ApplyExports.Export export : applied) {
            for (ExportClient client : export.clients()) {
                desired.put(new Key(export.path(), client.host()), client);
            }
        }
        Map<Key, ExportInForce> actual = new LinkedHashMap<>();
        for (ExportInForce entry : inForce) {
            actual.putIfAbsent(new Key(entry.path(), canonicalHost(entry.host())), entry);
        }
        Set<String> managedPaths = applied.stream().map(ApplyExports.Export::path).collect(Collectors.toSet());
        String root = exportRoot.endsWith("/") ? exportRoot : exportRoot + "/";

        List<ExportsReport.Difference> missing = new ArrayList<>();
        List<ExportsReport.Difference> differ = new ArrayList<>();
        desired.forEach((key, client) -> {
            List<String> expected = ExportOptions.effective(client.options());
            ExportInForce entry = actual.get(key);
            if (entry == null) {
                missing.add(new ExportsReport.Difference(key.path(), key.host(), expected, null));
                return;
            }
            List<String> found = ExportOptions.effectiveAsReported(entry.options());
            if (!expected.equals(found)) {
                differ.add(new ExportsReport.Difference(key.path(), key.host(), expected, found));
            }
        });
        List<ExportsReport.Difference> unexpected = new ArrayList<>();
        actual.forEach((key, entry) -> {
            boolean ours = managedPaths.contains(key.path()) || key.path().startsWith(root);
            if (ours && !desired.containsKey(key)) {
                unexpected.add(new ExportsReport.Difference(key.path(), key.host(), null, ExportOptions.effectiveAsReported(entry.options())));
            }
        });
        return new ExportsReport.Drift(missing, unexpected, differ);
    }

    /** The entries in force for the given paths. */
    public static List<ExportInForce> forPaths(List<ExportInForce> inForce, Set<String> paths) {
        return inForce.stream().filter(entry -> paths.contains(entry.path())).toList();
    }

    /** A client as exportfs prints it, in domstore's spelling where it is one of the forms domstore knows. */
    static String canonicalHost(String host) {
        try {
            return ClientHost.parse("host", host).text();
        } catch (InvalidInputException notOurs) {
            return host;
        }
    }
}
