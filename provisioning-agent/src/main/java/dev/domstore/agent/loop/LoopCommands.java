package dev.domstore.agent.loop;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.domstore.common.Filesystem;

/** The host commands behind loop devices and filling a new volume, as argv lists. Pure: nothing here runs anything. */
public final class LoopCommands {
    private LoopCommands() {
    }

    /** Attaches {@code file} to the first free loop device and prints that device. */
    public static List<String> attach(Path file) {
        return List.of("losetup", "-f", "--show", file.toString());
    }

    /**
     * Every loop device with a file attached, one per line: {@code <device> <backing file>}. losetup
     * takes the backing file from sysfs ({@code loop/backing_file}, with the kernel's
     * {@code " (deleted)"} suffix), and {@code --raw} writes a space, a backslash, control and non-ASCII
     * bytes in it as {@code \xHH}, so a line splits at its one raw space.
     */
    public static List<String> listAttached() {
        return List.of("losetup", "--list", "--noheadings", "--raw", "--output", "NAME,BACK-FILE");
    }

    /** A line of {@link #listAttached()}: the device and the backing file as the kernel names it (escapes undone). */
    public record AttachedLine(String device, String backingFile) {
    }

    /** Output of {@link #listAttached()}, in the order losetup printed it; lines without a backing file are left out. */
    public static List<AttachedLine> parseAttached(String output) {
        List<AttachedLine> lines = new ArrayList<>();
        for (String line : output.split("\n")) {
            int space = line.indexOf(' ');
            if (space <= 0) {
                continue;
            }
            String backingFile = unescapeRaw(line.substring(space + 1));
            if (!backingFile.isEmpty()) {
                lines.add(new AttachedLine(unescapeRaw(line.substring(0, space)), backingFile));
            }
        }
        return lines;
    }

    /** Undoes libsmartcols' raw escapes: each {@code \xHH} is one byte, and the bytes are UTF-8. */
    static String unescapeRaw(String field) {
        if (field.indexOf('\\') < 0) {
            return field;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(field.length());
        byte[] raw = field.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && raw[i + 1] == 'x' && isHex(raw[i + 2]) && isHex(raw[i + 3])) {
                bytes.write(Integer.parseInt(new String(raw, i + 2, 2, StandardCharsets.US_ASCII), 16));
                i += 3;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }

    public static List<String> detach(String device) {
        return List.of("losetup", "-d", device);
    }

    public static List<String> mount(Filesystem filesystem, String device, Path mountPoint) {
        return List.of("mount", "-t", filesystem.typeName(), device, mountPoint.toString());
    }

    public static List<String> unmount(Path mountPoint) {
        return List.of("umount", mountPoint.toString());
    }

    /**
     * Copies the content of {@code source} into {@code target}, keeping owners, modes, times, hard and
     * symbolic links and device nodes ({@code -a}), without descending into other file systems
     * mounted below the source. {@code SRC/.} copies the content, not the directory itself.
     */
    public static List<String> copyTree(Path source, Path target) {
        return List.of("cp", "-a", "--one-file-system", source + "/.", target + "/");
    }

    /** Apparent bytes below {@code dir} on its own file system, as {@code "<bytes>\t<dir>"}. */
    public static List<String> treeBytes(Path dir) {
        return List.of("du", "-s", "-b", "-x", dir.toString());
    }

    /** The first field of du's output. */
    public static long parseTreeBytes(String duOutput) {
        String[] fields = duOutput.strip().split("\\s+", 2);
        try {
            return Long.parseLong(fields[0]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Unexpected output of du, expected '<bytes> <dir>': " + duOutput, e);
        }
    }
}
