package dev.domstore.agent.phy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.domstore.hostexec.HostFiles;

/** Reads {@code /proc/mounts} (the kernel's mount table, fstab(5) format). Pure parsing apart from {@link #read}, which reads the managed host's file. */
public final class Mounts {
    private Mounts() {
    }

    /** The mounts in {@code file} of the host; none when it does not exist (not Linux, or a test tree without it). */
    public static List<Mount> read(HostFiles files, Path file) {
        try {
            return files.read(file).map(Mounts::parse).orElse(List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    /**
     * Parses {@code /proc/mounts} text: {@code source mountpoint type options dump pass} per line,
     * where the kernel writes space, tab, newline and backslash in names as octal escapes
     * ({@code \040} for a space). Lines with fewer than four fields are skipped.
     */
    public static List<Mount> parse(String text) {
        List<Mount> mounts = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.strip().split("[ \t]+");
            if (fields.length < 4) {
                continue;
            }
            mounts.add(new Mount(unescape(fields[0]), unescape(fields[1]), unescape(fields[2]),
                    Arrays.asList(unescape(fields[3]).split(","))));
        }
        return mounts;
    }

    /** Undoes the kernel's octal escapes ({@code \040} → space, {@code \011} → tab, {@code \012} → newline, {@code \134} → backslash). */
    static String unescape(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && isOctal(field, i + 1)) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean isOctal(String field, int from) {
        if (from + 3 > field.length()) {
            return false;
        }
        for (int i = from; i < from + 3; i++) {
            char c = field.charAt(i);
            if (c < '0' || c > '7') {
                return false;
            }
        }
        return true;
    }
}
