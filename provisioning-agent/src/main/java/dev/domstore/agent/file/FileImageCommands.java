package dev.domstore.agent.file;

import java.nio.file.Path;
import java.util.List;

import dev.domstore.common.Filesystem;

/** The host commands behind file-backed images and their file systems, as argv lists. Pure: nothing here runs anything. */
public final class FileImageCommands {
    private FileImageCommands() {
    }

    /** Sets the image's apparent size without allocating blocks: the file stays sparse. */
    public static List<String> truncate(Path image, long bytes) {
        return List.of("truncate", "-s", Long.toString(bytes), image.toString());
    }

    /**
     * Makes a file system in a regular file: {@code -F} because it is not a block device,
     * {@code -q} to keep the output to errors. {@code lazy_journal_init} because a freshly
     * truncated file already reads as zeros: zeroing the journal (64 MiB for 2 GiB) would only
     * allocate blocks and defeat the sparseness.
     */
    public static List<String> mkfs(Filesystem filesystem, Path image) {
        return List.of("mkfs", "-t", filesystem.typeName(), "-F", "-q", "-E", "lazy_journal_init=1", image.toString());
    }

    /** The file system type blkid finds by probing the content; exit code 2 and no output when there is none. */
    public static List<String> probeFilesystem(Path image) {
        return List.of("blkid", "-p", "-o", "value", "-s", "TYPE", image.toString());
    }

    /** Blocks allocated and the size of those blocks, as {@code "<blocks> <bytes per block>"}. */
    public static List<String> allocatedBlocks(Path image) {
        return List.of("stat", "-c", "%b %B", image.toString());
    }

    /**
     * Checks an unmounted ext2/3/4 file system and repairs what it finds ({@code -f}: even when it
     * looks clean, as resize2fs insists on; {@code -y}: no questions). Exit 0 and 1 are success.
     */
    public static List<String> e2fsck(Path fileOrDevice) {
        return List.of("e2fsck", "-f", "-y", fileOrDevice.toString());
    }

    /** Grows an ext2/3/4 file system to fill its file or device; online when it is mounted. */
    public static List<String> resize2fs(Path fileOrDevice) {
        return List.of("resize2fs", fileOrDevice.toString());
    }

    /**
     * Every regular file below {@code root} on its file system, as NUL-terminated
     * {@code "<apparent bytes> <512-byte blocks allocated> <path>"} records.
     */
    public static List<String> listImages(Path root) {
        return List.of("find", root.toString(), "-xdev", "-type", "f", "-printf", "%s %b %p\\0");
    }
}
