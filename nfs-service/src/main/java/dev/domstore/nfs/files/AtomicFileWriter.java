package dev.domstore.nfs.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

import dev.domstore.hostexec.HostFiles;

/**
 * Replaces a file's content all at once: a reader (exportfs, a crash, a reboot) sees the old
 * content or the new, never a truncated or mixed file.
 *
 * <ol>
 * <li>write the content to a new temporary file in the same directory, named
 *     {@code .<name>.<random>.tmp} (never {@code *.exports}, so exportfs does not read it);</li>
 * <li>fsync the temporary file;</li>
 * <li>rename it over the target (atomic within one file system);</li>
 * <li>fsync the directory, so the rename itself survives a crash.</li>
 * </ol>
 * Only the target and this writer's own temporary files are ever created, renamed or removed:
 * the other files of the directory are not touched. A temporary file left by a crash between
 * steps 1 and 3 is removed by {@link #removeLeftovers(Path)}.
 *
 * <p>Every step goes through the {@link HostFiles} the writer is given: the managed host's (from
 * {@code HostCommandRunner.files()}) for the exports file, which may be a QEMU guest's, and
 * {@link dev.domstore.hostexec.LocalHostFiles} for the service's own state.
 */
public class AtomicFileWriter {
    private static final Logger LOG = Logger.getLogger(AtomicFileWriter.class);
    private static final String TEMP_SUFFIX = ".tmp";
    private static final String DIRECTORY_MODE = "rwxr-xr-x";

    /** Points between the steps, for tests that simulate a crash or a failing rename. Production uses {@link #NONE}. */
    public interface Steps {
        /** The temporary file is written and fsynced; the target is not yet replaced. */
        default void afterTempWritten(Path temp) throws IOException {
        }

        /** Replaces the target with the temporary file: an atomic rename on the file system the writer writes on. */
        default void rename(HostFiles files, Path temp, Path target) throws IOException {
            files.moveAtomically(temp, target);
        }
    }

    public static final Steps NONE = new Steps() {
    };

    private final HostFiles files;
    private final Steps steps;

    /** A writer on {@code files}: the managed host's for the exports file, the local one for the service's own state. */
    public AtomicFileWriter(HostFiles files) {
        this(files, NONE);
    }

    public AtomicFileWriter(HostFiles files, Steps steps) {
        this.files = files;
        this.steps = steps;
    }

    /** The file system this writer writes on. */
    public HostFiles files() {
        return files;
    }

    /** Makes {@code target} hold exactly {@code content} (UTF-8), with {@code mode}; its directory is made (0755) if missing. */
    public void write(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path directory = absolute.getParent();
        if (!files.isDirectory(directory)) {
            files.createDirectories(directory);
            files.setMode(directory, DIRECTORY_MODE);
        }
        Path temp = files.createTempFile(directory, tempPrefix(target), TEMP_SUFFIX);
        boolean renamed = false;
        try {
            files.setMode(temp, PosixFilePermissions.toString(mode));
            files.writeAndSync(temp, content);
            steps.afterTempWritten(temp);
            steps.rename(files, temp, absolute);
            renamed = true;
            files.sync(directory);
        } finally {
            if (!renamed) {
                removeTemporary(temp);
            }
        }
    }

    /** Removes {@code target}, and makes the removal durable; nothing else in its directory is touched. */
    public void delete(Path target) throws IOException {
        if (files.deleteIfExists(target)) {
            files.sync(target.toAbsolutePath().getParent());
        }
    }

    /** Removes temporary files this writer left next to {@code target} (a crash between write and rename); returns them. */
    public List<Path> removeLeftovers(Path target) throws IOException {
        List<Path> removed = new ArrayList<>();
        Path directory = target.toAbsolutePath().getParent();
        if (!files.isDirectory(directory)) {
            return removed;
        }
        String prefix = tempPrefix(target);
        for (String name : files.list(directory)) {
            Path entry = directory.resolve(name);
            if (name.startsWith(prefix) && name.endsWith(TEMP_SUFFIX) && files.isRegularFile(entry)) {
                files.deleteIfExists(entry);
                removed.add(entry);
            }
        }
        if (!removed.isEmpty()) {
            LOG.infof("Removed %d temporary file(s) left by an interrupted write of %s: %s", removed.size(), target, removed);
        }
        return removed;
    }

    /** The name every temporary file of {@code target} starts with: hidden, and never ending in the target's extension. */
    static String tempPrefix(Path target) {
        return "." + target.getFileName() + ".";
    }

    /** After a failed write; what cannot be removed now is found by {@link #removeLeftovers(Path)} on the next start. */
    private void removeTemporary(Path temp) {
        try {
            files.deleteIfExists(temp);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("Cannot remove the temporary file %s: %s", temp, e.getMessage());
        }
    }
}
