package dev.domstore.nfs.exportfs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.domstore.common.exports.ClientHost;
import dev.domstore.common.exports.ExportInForce;

/**
 * Reads what {@code exportfs -v} prints (and {@code exportfs} without -v, and /var/lib/nfs/etab,
 * which have the same shape). nfs-utils prints each client of each export as
 * {@code printf("%-14s\t%s(options)", path, client)}, and when the path is longer than 14
 * characters as {@code path\n\t\tclient(options)}; an export to the world shows the client
 * {@code <world>}. {@code exportfs -s} separates path and client by spaces instead of a tab.
 * See host-captures/exportfs-v-01-good.txt, -02-space-mistake.txt, -03-errors.txt, exportfs-s-01-good.txt.
 */
public final class ExportfsListing {
    private ExportfsListing() {
    }

    /** Every (path, client, options) in the listing, in its order; {@code <world>} becomes {@code *}. */
    public static List<ExportInForce> parse(String listing) {
        List<ExportInForce> exports = new ArrayList<>();
        String pendingPath = null;
        String[] lines = listing.split("\n", -1);
        for (int index = 0; index < lines.length; index++) {
            String line = lines[index];
            int number = index + 1;
            if (line.isBlank()) {
                continue;
            }
            if (Character.isWhitespace(line.charAt(0))) {
                if (pendingPath == null) {
                    throw new IllegalArgumentException("Line " + number + " of the exportfs listing is a client without a path: '" + line + "'");
                }
                exports.add(entry(pendingPath, line.strip(), number));
                pendingPath = null;
                continue;
            }
            if (pendingPath != null) {
                throw new IllegalArgumentException("Line " + number + " of the exportfs listing starts a new path, but " + pendingPath
                        + " on the line before has no client");
            }
            int tab = line.indexOf('\t');
            if (tab >= 0) {
                exports.add(entry(line.substring(0, tab).stripTrailing(), line.substring(tab + 1).strip(), number));
                continue;
            }
            boolean clientOnNextLine = index + 1 < lines.length && !lines[index + 1].isEmpty()
                    && Character.isWhitespace(lines[index + 1].charAt(0));
            String trimmed = line.stripTrailing();
            int space = trimmed.lastIndexOf(' ');
            if (clientOnNextLine || space < 0) {
                // A path longer than 14 characters: its client follows on the next line.
                pendingPath = trimmed;
                continue;
            }
            // exportfs -s: "path  client(options)".
            exports.add(entry(trimmed.substring(0, space).stripTrailing(), trimmed.substring(space + 1), number));
        }
        if (pendingPath != null) {
            throw new IllegalArgumentException("The exportfs listing ends with " + pendingPath + " but no client for it");
        }
        return exports;
    }

    private static ExportInForce entry(String path, String client, int number) {
        if (path.isEmpty() || client.isEmpty()) {
            throw new IllegalArgumentException("Line " + number + " of the exportfs listing has no path or no client");
        }
        int open = client.indexOf('(');
        String host;
        List<String> options;
        if (open < 0) {
            host = client;
            options = List.of();
        } else {
            if (!client.endsWith(")")) {
                throw new IllegalArgumentException("Line " + number + " of the exportfs listing has an unterminated option list: '" + client + "'");
            }
            host = client.substring(0, open);
            String list = client.substring(open + 1, client.length() - 1);
            options = list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
        }
        return new ExportInForce(path, host.equals(ClientHost.WORLD_AS_EXPORTFS_SHOWS_IT) ? "*" : host, options);
    }
}
