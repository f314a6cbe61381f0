package dev.domstore.hostexec;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Shows an argv the way a person would type it, for logs and error messages; it is never run through a shell. */
public final class Argv {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private Argv() {
    }

    public static String display(List<String> argv) {
        return argv.stream().map(Argv::quoted).collect(Collectors.joining(" "));
    }

    private static String quoted(String arg) {
        return PLAIN.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
