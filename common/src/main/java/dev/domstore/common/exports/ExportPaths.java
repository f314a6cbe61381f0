package dev.domstore.common.exports;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import dev.domstore.common.validation.InvalidInputException;

/**
 * Paths of exported directories. exports(5) lets a path hold spaces only when quoted or written
 * with octal escapes ({@code \040}); exportfs -v prints them raw, and a path with a space next to a
 * client spec is exactly how the world gets exported by mistake. domstore therefore accepts a
 * small, unambiguous alphabet and one spelling: absolute, no {@code ..}, no {@code .}, no repeated
 * or trailing slash.
 */
public final class ExportPaths {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._+@-]+");
    private static final int PATH_MAX = 4095;
    private static final int NAME_MAX = 255;

    private ExportPaths() {
    }

    /** {@code path} in its one spelling ({@code /export//vm1root/} → {@code /export/vm1root}), or a refusal that says why. */
    public static String requireExportPath(String field, String path) {
        if (path == null || path.isEmpty()) {
            throw invalid(field, "The export path is missing: give the absolute path of the directory to export, such as /srv/domstore/nfs/vm1root.");
        }
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (Character.isWhitespace(c)) {
                throw invalid(field, "Export path '" + path + "' contains whitespace. In /etc/exports a space ends the path "
                        + "(quoting and \\040 escapes are a trap domstore does not write): choose a path without spaces.");
            }
            if (Character.isISOControl(c)) {
                throw invalid(field, "Export path '" + path.replaceAll("\\p{Cntrl}", "?") + "' contains a control character ("
                        + ClientHost.printable(c) + "): choose a path of printable characters.");
            }
        }
        if (!path.startsWith("/")) {
            throw invalid(field, "Export path '" + path + "' is not absolute: it must start with '/', as in /srv/domstore/nfs/vm1root.");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw invalid(field, "Export path '" + path + "' contains '..': give the directory's path without it.");
            }
            if (!SEGMENT.matcher(segment).matches()) {
                char bad = segment.chars().filter(c -> !SEGMENT.matcher(String.valueOf((char) c)).matches())
                        .mapToObj(c -> (char) c).findFirst().orElse('?');
                throw invalid(field, "Export path '" + path + "' contains '" + bad + "': domstore accepts letters, digits and "
                        + ". _ + @ - in export paths (exports(5) treats quotes, '#', '\\', '(' and ',' specially).");
            }
            if (segment.length() > NAME_MAX) {
                throw invalid(field, "Export path '" + path + "' has a component longer than " + NAME_MAX + " characters.");
            }
            segments.add(segment);
        }
        if (segments.isEmpty()) {
            throw invalid(field, "Export path '" + path + "' is the root directory: exporting / would hand out the server's "
                    + "whole file system. Export the domain's own directory, such as /srv/domstore/nfs/vm1root.");
        }
        String canonical = "/" + String.join("/", segments);
        if (canonical.length() > PATH_MAX) {
            throw invalid(field, "Export path '" + path + "' is longer than " + PATH_MAX + " characters.");
        }
        return canonical;
    }

    /** {@code path} in its one spelling, refused unless it lies strictly below {@code root}. */
    public static String requireUnder(String field, String root, String path) {
        String canonicalRoot = requireExportPath("exportRoot", root);
        String canonical = requireExportPath(field, path);
        if (!canonical.startsWith(canonicalRoot + "/")) {
            throw invalid(field, "Export path '" + canonical + "' is not under the export root " + canonicalRoot
                    + ": domstore only creates directories below it.");
        }
        return canonical;
    }

    private static InvalidInputException invalid(String field, String message) {
        return new InvalidInputException(InvalidInputException.Kind.PATH, field, message);
    }
}
