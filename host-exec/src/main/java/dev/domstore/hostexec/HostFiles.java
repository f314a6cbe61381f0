package dev.domstore.hostexec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The file system of the host a service manages, which is not always the one it runs on: with the
 * guest-agent transport the host is a QEMU guest, and its files are reached through commands.
 * Services touch host files only through this (their own state, such as the agent's journal, stays
 * local). {@link LocalHostFiles} is java.nio on this machine; {@link CommandHostFiles} does the same
 * with coreutils through a {@link HostCommandRunner}, whatever its transport.
 *
 * <p>Modes are {@code rwxr-xr-x}-style strings. Every method that can fail for a reason the caller
 * must report throws {@link IOException}; a missing file is {@link java.nio.file.NoSuchFileException}.
 */
public interface HostFiles {

    /** Whether something (a file, directory, link, device) is at {@code path}; a final link is not followed. */
    boolean exists(Path path);

    /** Whether {@code path} is a directory, following links. */
    boolean isDirectory(Path path);

    /** Whether {@code path} is a regular file; a final link is not followed. */
    boolean isRegularFile(Path path);

    boolean isWritable(Path path);

    boolean isExecutable(Path path);

    /** The names of a directory's entries, sorted. */
    List<String> list(Path directory) throws IOException;

    /** A file's content as UTF-8; empty when there is no such file. */
    Optional<String> read(Path file) throws IOException;

    /** A file's length in bytes. */
    long size(Path file) throws IOException;

    /** Bytes an unprivileged writer could still put on the file system that holds {@code directory}. */
    long usableSpace(Path directory) throws IOException;

    /** {@code path} with every link resolved. */
    Path realPath(Path path) throws IOException;

    /** The device number of the block device node at {@code path} (links followed); empty when it is not a block device. */
    Optional<DeviceNumber> blockDevice(Path path) throws IOException;

    /** Makes the directory and any missing parents; nothing happens when it exists. */
    void createDirectories(Path directory) throws IOException;

    /** Makes one directory with {@code mode}; {@link java.nio.file.FileAlreadyExistsException} when something is there. */
    void createDirectory(Path directory, String mode) throws IOException;

    /** Makes an empty file with {@code mode}; {@link java.nio.file.FileAlreadyExistsException} when something is there. */
    void createFile(Path file, String mode) throws IOException;

    /** Makes a new, empty directory with a unique name starting with {@code prefix} under {@code parent}. */
    Path createTempDirectory(Path parent, String prefix) throws IOException;

    /** Makes a new, empty file with a unique name {@code prefix…suffix} in {@code directory}. */
    Path createTempFile(Path directory, String prefix, String suffix) throws IOException;

    void setMode(Path path, String mode) throws IOException;

    /** Replaces a file's content with {@code content} (UTF-8) and fsyncs it before returning. */
    void writeAndSync(Path file, String content) throws IOException;

    /** Fsyncs a file or a directory (a directory: so that a rename in it survives a crash). */
    void sync(Path path) throws IOException;

    /** Removes a file, a link or an empty directory; false when nothing was there. */
    boolean deleteIfExists(Path path) throws IOException;

    /** Renames {@code source} to {@code target} atomically, replacing a file at {@code target}. Both are on one file system. */
    void moveAtomically(Path source, Path target) throws IOException;

    /** A device number: the kernel's major and minor. */
    record DeviceNumber(int major, int minor) {
        @Override
        public String toString() {
            return major + ":" + minor;
        }
    }
}
