package dev.domstore.nfs.exportfs;

import java.util.List;

/** Pure builders from intent to argv; nothing here runs anything. */
public final class NfsCommands {
    private NfsCommands() {
    }

    /** Re-export everything: /etc/exports and /etc/exports.d/*.exports become what the kernel exports; entries that went away are unexported. */
    public static List<String> reexportAll(String exportfs) {
        return List.of(exportfs, "-ra");
    }

    /** What is exported now, with every option ({@code exportfs -v}); parsed by {@link ExportfsListing}. */
    public static List<String> listVerbose(String exportfs) {
        return List.of(exportfs, "-v");
    }

    /**
     * Copies the contents of {@code source} into the existing directory {@code target}, keeping
     * owners, modes, links, times and special files ({@code cp -a}). {@code source/.} copies what is
     * in it, not the directory itself; {@code --} ends the options whatever the paths look like.
     */
    public static List<String> copyTree(String source, String target) {
        return List.of("cp", "-a", "--", source + "/.", target);
    }

    /**
     * Removes a tree ({@code rm -rf}) without following symbolic links out of it, and without
     * crossing into another file system mounted inside it.
     */
    public static List<String> removeTree(String path) {
        return List.of("rm", "-rf", "--one-file-system", "--", path);
    }
}
