package dev.domstore.agent.loop;

import java.nio.file.Path;
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
