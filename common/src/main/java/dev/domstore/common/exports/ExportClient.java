package dev.domstore.common.exports;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.domstore.common.validation.InvalidInputException;

/**
 * One client of an export, as domstore carries it in messages: the machine-name part in its
 * canonical spelling, the canonical option list ({@link ExportOptions#canonical}) and whether the
 * operator forced root access for many hosts.
 *
 * <p>Instances read from a message are not trusted: {@link #validated(String)} checks them again
 * and returns the canonical form. {@link #parse} reads a spec as written in /etc/exports.
 *
 * @param host                  the machine-name part ({@link ClientHost}): {@code 1.2.3.4/24}, {@code *.example.com}, {@code *}
 * @param options               the option list, without parentheses
 * @param forceRootToManyHosts  the operator explicitly allows {@code no_root_squash} (or {@code anonuid=0}) for a
 *                              spec that matches many hosts; refused otherwise
 */
public record ExportClient(String host, List<String> options, boolean forceRootToManyHosts) {
    private static final Pattern SPACE_BEFORE_OPTIONS = Pattern.compile("(\\S+)\\s+(\\(.*)", Pattern.DOTALL);

    public ExportClient {
        // Not List.copyOf: a null element from a message must reach validated() and be refused there, with a field name.
        options = options == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(options));
    }

    /**
     * Reads a client spec as written in /etc/exports, {@code host(options)} or {@code host}, and
     * returns it validated and canonical. The mistake {@code 1.2.3.4/24 (rw)} is refused with the
     * corrected spec in the message.
     */
    public static ExportClient parse(String field, String spec, boolean forceRootToManyHosts) {
        if (spec == null || spec.isBlank()) {
            throw invalid(field, "The client spec is missing: give one such as 1.2.3.4(rw,sync) or *.example.com(ro).");
        }
        String text = spec.strip();
        Matcher detached = SPACE_BEFORE_OPTIONS.matcher(text);
        if (detached.matches() && !detached.group(1).contains("(")) {
            throw spaceBeforeOptions(field, detached.group(1), detached.group(2).strip(), forceRootToManyHosts, null);
        }
        if (text.startsWith("(")) {
            throw worldByMistake(field, text);
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            throw invalid(field, text.contains("(")
                    ? "Client spec '" + text + "' contains whitespace. exports(5) permits none inside a client spec: exportfs "
                            + "would end the spec at the space and read the rest as another client. Write "
                            + text.replaceAll("\\s+", "") + "."
                    : "Client spec '" + text + "' contains whitespace: give one client per entry, as host(options), for "
                            + "example 1.2.3.4(rw,sync).");
        }
        int open = text.indexOf('(');
        String host;
        List<String> options;
        if (open < 0) {
            if (text.contains(")")) {
                throw invalid(field, "Client spec '" + text + "' has ')' without '(': write host(options), as in 1.2.3.4(rw,sync).");
            }
            host = text;
            options = List.of();
        } else {
            if (!text.endsWith(")") || text.indexOf('(', open + 1) >= 0 || text.indexOf(')') != text.length() - 1) {
                throw invalid(field, "Client spec '" + text + "' is not host(options): give one option list in parentheses "
                        + "right after the host, as in 1.2.3.4(rw,sync).");
            }
            host = text.substring(0, open);
            options = ExportOptions.split(field, text.substring(open + 1, text.length() - 1));
        }
        return build(field, ClientHost.parse(field, host), options, forceRootToManyHosts);
    }

    /** This client checked again (host, options, the many-hosts root rule) and in canonical form. */
    public ExportClient validated(String field) {
        if (host == null) {
            throw invalid(field, "The client's host is missing: give one such as 1.2.3.4, vm1.example.com or 10.0.0.0/24.");
        }
        String text = host.strip();
        if (text.contains("(") || text.contains(")")) {
            throw invalid(field, "The client's host '" + host + "' contains parentheses: give the options in 'options', not in 'host'.");
        }
        for (String option : options) {
            if (option == null || option.isEmpty() || option.chars().anyMatch(c -> Character.isWhitespace(c) || c == ',' || c == '(' || c == ')')) {
                throw invalid(field, "Option '" + option + "' is not a single option: give each option separately, without "
                        + "spaces, commas or parentheses.");
            }
        }
        return build(field, ClientHost.parse(field, text), options, forceRootToManyHosts);
    }

    /** The client's host, parsed (valid on a validated client). */
    public ClientHost parsedHost() {
        return ClientHost.parse("host", host);
    }

    /** The spec as domstore writes it in an exports file: {@code 1.2.3.4/24(rw,sync,no_root_squash,no_subtree_check)}. */
    public String render() {
        return host + "(" + String.join(",", options) + ")";
    }

    /** Whether this (validated) client may write. The inventory's "one rw export of a root per domain" rule is built on it. */
    public boolean grantsReadWrite() {
        return ExportOptions.grantsReadWrite(options);
    }

    /** Whether this (validated) client's root user is root on the exported files ({@code no_root_squash} or {@code anonuid=0}). */
    public boolean grantsRootAccess() {
        return ExportOptions.grantsRootAccess(options);
    }

    private static ExportClient build(String field, ClientHost host, List<String> options, boolean force) {
        List<String> canonical = ExportOptions.canonical(field, options);
        if (ExportOptions.grantsRootAccess(canonical) && host.manyHosts() && !force) {
            String what = canonical.contains("no_root_squash") ? "'no_root_squash'" : "'anonuid=0'";
            throw invalid(field, rootToManyHosts(what, host));
        }
        return new ExportClient(host.text(), canonical, force);
    }

    static String rootToManyHosts(String what, ClientHost host) {
        return what + " for " + host.text() + " would give root on the exported files to " + host.reach() + ". domstore refuses "
                + "root access for more than one host unless it is explicitly forced (forceRootToManyHosts): give it to the one "
                + "host that needs it (a host name, an address, or a /32 or /128 network), or drop " + what + ".";
    }

    /**
     * The exports(5) trap: {@code 1.2.3.4/24 (rw,sync,no_root_squash)} exports to 1.2.3.4/24 with
     * the defaults and to the whole world with the options. {@code line} is the whole corrected
     * export line when the spec came from one.
     */
    static InvalidInputException spaceBeforeOptions(String field, String host, String optionList, boolean force, String correctedLine) {
        String corrected = host + optionList;
        StringBuilder message = new StringBuilder()
                .append("A space separates the client '").append(host).append("' from its options '").append(optionList)
                .append("'. exports(5) permits no whitespace there: exportfs would export to ").append(host)
                .append(" with the default options (read-only), and to the whole world (*) with ").append(optionList)
                .append(". Write it without the space: ").append(corrected);
        if (correctedLine != null) {
            message.append(", that is the line: ").append(correctedLine);
        }
        message.append('.');
        try {
            parse(field, corrected, force);
        } catch (InvalidInputException stillWrong) {
            message.append(" Note: domstore would refuse the corrected spec too: ").append(stillWrong.getMessage());
        }
        return invalid(field, message.toString());
    }

    static InvalidInputException worldByMistake(String field, String optionList) {
        return invalid(field, "The option list '" + optionList + "' has no client in front of it: exportfs would export to the "
                + "whole world with these options. Put the client right before the parenthesis, as in 1.2.3.4" + optionList
                + ", or write *" + optionList + " if the whole world is really meant.");
    }

    static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.FIELD, field, message);
    }
}
