package dev.domstore.common.exports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.domstore.common.validation.InvalidInputException;

/**
 * One export: a directory and its clients, the unit of /etc/exports. {@link #parse} reads a line
 * as an operator would write it; {@link #validated} checks a structured one (from a request or a
 * message) again; {@link #render} writes the canonical line, such as
 * {@code /export/vm1root 1.2.3.4/24(rw,sync,no_root_squash,no_subtree_check)}.
 */
public record ExportLine(String path, List<ExportClient> clients) {

    public ExportLine {
        clients = clients == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(clients));
    }

    /**
     * Reads one exports(5) line: a path, then client specs separated by whitespace. Refused with a
     * message that says what exportfs would have done and what to write instead: a space before an
     * option list (the whole world gets those options), no clients, the {@code -options} default
     * form, quoting, escapes, comments and continuation lines.
     */
    public static ExportLine parse(String line, boolean forceRootToManyHosts) {
        if (line == null || line.isBlank()) {
            throw invalid("line", "The export line is empty: write a path and its clients, as in /srv/domstore/nfs/vm1root 1.2.3.4(rw,sync).");
        }
        if (line.contains("\n") || line.contains("\r")) {
            throw invalid("line", "Give one export line, without line breaks.");
        }
        if (line.contains("\"") || line.contains("\\")) {
            throw invalid("line", "The export line '" + line + "' uses quotes or backslashes (quoting, \\040 escapes, a continuation): "
                    + "domstore accepts neither; paths may not contain spaces, and each export is one line.");
        }
        if (line.contains("#")) {
            throw invalid("line", "The export line '" + line + "' contains '#', which starts a comment in /etc/exports: "
                    + "leave the comment out.");
        }
        String[] tokens = line.strip().split("[ \\t]+");
        String path = ExportPaths.requireExportPath("path", tokens[0]);
        if (tokens.length == 1) {
            throw invalid("clients", "The export of " + path + " names no clients: exportfs would export it to the whole world "
                    + "with the default options. Name the clients, as in " + path + " 1.2.3.4(rw,sync).");
        }
        if (tokens[1].startsWith("-")) {
            throw invalid("clients[0]", "The '" + tokens[1] + "' default-options form is not accepted: give each client its own "
                    + "options, as in " + path + " " + expandDefaults(tokens) + ".");
        }
        List<String> specs = new ArrayList<>();
        for (int i = 1; i < tokens.length; i++) {
            String token = tokens[i];
            if (token.contains("(") && !token.contains(")") && !token.startsWith("(")) {
                StringBuilder joined = new StringBuilder(token);
                for (int j = i + 1; j < tokens.length && joined.indexOf(")") < 0; j++) {
                    joined.append(tokens[j]);
                }
                if (joined.indexOf(")") < 0) {
                    specs.add(token);
                    continue;
                }
                throw invalid("clients[" + specs.size() + "]", "The client spec starting '" + token + "' contains whitespace "
                        + "inside its option list. exports(5) permits none: exportfs would end the spec at the space and read "
                        + "the rest as another client. Write " + joined + ".");
            }
            if (!token.startsWith("(")) {
                specs.add(token);
                continue;
            }
            int index = specs.size() - 1;
            if (index < 0 || specs.get(index).contains("(")) {
                throw ExportClient.worldByMistake("clients[" + Math.max(index + 1, 0) + "]", token);
            }
            String host = specs.get(index);
            throw ExportClient.spaceBeforeOptions("clients[" + index + "]", host, token, forceRootToManyHosts,
                    correctedLine(tokens));
        }
        List<ExportClient> clients = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            clients.add(ExportClient.parse("clients[" + i + "]", specs.get(i), forceRootToManyHosts));
        }
        return new ExportLine(path, clients).validated("");
    }

    /**
     * This export checked again and canonical: the path, every client, no two clients for the same
     * machines, one fsid for the export. {@code prefix} goes before field names ({@code exports[2].}).
     */
    public ExportLine validated(String prefix) {
        String canonicalPath = ExportPaths.requireExportPath(prefix + "path", path);
        if (clients.isEmpty()) {
            throw invalid(prefix + "clients", "The export of " + canonicalPath + " names no clients: exportfs would export it to "
                    + "the whole world. Give at least one client, such as 1.2.3.4(rw,sync).");
        }
        List<ExportClient> canonical = new ArrayList<>();
        List<ClientHost> hosts = new ArrayList<>();
        String fsid = null;
        int fsidClient = -1;
        for (int i = 0; i < clients.size(); i++) {
            String field = prefix + "clients[" + i + "]";
            if (clients.get(i) == null) {
                throw invalid(field, "Client " + i + " of the export of " + canonicalPath + " is missing.");
            }
            ExportClient client = clients.get(i).validated(field);
            ClientHost host = client.parsedHost();
            for (int j = 0; j < hosts.size(); j++) {
                if (hosts.get(j).sameHostsAs(host)) {
                    throw invalid(field, "Client '" + client.host() + "' selects the same hosts as client " + j + " ('"
                            + hosts.get(j).text() + "') of " + canonicalPath + ": give each client once, with all its options.");
                }
            }
            Optional<String> clientFsid = ExportOptions.fsid(client.options());
            if (clientFsid.isPresent()) {
                if (fsid != null && !fsid.equals(clientFsid.get())) {
                    throw invalid(field, "Client '" + client.host() + "' gives " + canonicalPath + " fsid=" + clientFsid.get()
                            + " but client " + fsidClient + " gives fsid=" + fsid + ": an fsid names the exported file system, "
                            + "so give the same one to every client.");
                }
                fsid = clientFsid.get();
                fsidClient = i;
            }
            hosts.add(host);
            canonical.add(client);
        }
        return new ExportLine(canonicalPath, canonical);
    }

    /** The canonical line; clients keep their order (exportfs takes the first of several matching wildcards or netgroups). */
    public String render() {
        StringBuilder line = new StringBuilder(path);
        for (ExportClient client : clients) {
            line.append(' ').append(client.render());
        }
        return line.toString();
    }

    /** Whether any client may write. */
    public boolean grantsReadWrite() {
        return clients.stream().anyMatch(ExportClient::grantsReadWrite);
    }

    /** The clients that may write. */
    public List<ExportClient> readWriteClients() {
        return clients.stream().filter(ExportClient::grantsReadWrite).toList();
    }

    /** The export's fsid, if a client sets one. */
    public Optional<String> fsid() {
        return clients.stream().map(client -> ExportOptions.fsid(client.options())).flatMap(Optional::stream).findFirst();
    }

    /**
     * Rules over all the exports of one server, on validated lines: each path exported once, and no
     * two exports with the same fsid. {@code field} names the list ({@code exports}).
     */
    public static void requireConsistentSet(String field, List<ExportLine> lines) {
        Map<String, Integer> paths = new HashMap<>();
        Map<String, Integer> fsids = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            ExportLine line = lines.get(i);
            Integer earlier = paths.putIfAbsent(line.path(), i);
            if (earlier != null) {
                throw invalid(field + "[" + i + "].path", line.path() + " is exported twice (" + field + "[" + earlier + "] and "
                        + field + "[" + i + "]): give one export per directory, with all its clients.");
            }
            Optional<String> fsid = line.fsid();
            if (fsid.isPresent()) {
                Integer other = fsids.putIfAbsent(fsid.get(), i);
                if (other != null) {
                    throw invalid(field + "[" + i + "].clients", "fsid=" + fsid.get() + " is given to both " + lines.get(other).path()
                            + " and " + line.path() + ": the server would not be able to tell them apart. Give each export its own fsid.");
                }
            }
        }
    }

    private static String correctedLine(String[] tokens) {
        StringBuilder line = new StringBuilder(tokens[0]);
        for (int i = 1; i < tokens.length; i++) {
            line.append(tokens[i].startsWith("(") ? "" : " ").append(tokens[i]);
        }
        return line.toString();
    }

    private static String expandDefaults(String[] tokens) {
        String defaults = tokens[1].substring(1);
        List<String> clients = new ArrayList<>();
        for (int i = 2; i < tokens.length; i++) {
            String token = tokens[i];
            int open = token.indexOf('(');
            if (open < 0) {
                clients.add(token + "(" + defaults + ")");
            } else {
                clients.add(token.substring(0, open) + "(" + defaults + "," + token.substring(open + 1));
            }
        }
        return clients.isEmpty() ? "1.2.3.4(" + defaults + ")" : String.join(" ", clients);
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.FIELD, field, message);
    }
}
