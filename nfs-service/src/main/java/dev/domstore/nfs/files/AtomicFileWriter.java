package dev.domstore.nfs.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.jboss.logging.Logger;

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
 */
public class AtomicFileWriter {
    private static final Logger LOG = Logger.getLogger(AtomicFileWriter.class);
    private static final String TEMP_SUFFIX = ".tmp";

    /** Points between the steps, for tests that simulate a crash or a failing rename. Production uses {@link #NONE}. */
    public interface Steps {
        /** The temporary file is written and fsynced; the target is not yet replaced. */
        default void afterTempWritten(Path temp) throws IOException {
        }

        /** Replaces the target with the temporary file: an atomic rename. */
        default void rename(Path temp, Path target) throws IOException {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    public static final Steps NONE = new Steps() {
    };

    private final Steps steps;

    public AtomicFileWriter() {
        this(NONE);
    }

    public AtomicFileWriter(Steps steps) {
        this.steps = steps;
    }

    /** Makes {@code target} hold exactly {@code content} (UTF-8), with {@code mode}; its directory is made (0755) if missing. */
    public void write(Path target, String content, Set<PosixFilePermission> mode) throws IOException {
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path temp = Files.createTempFile(directory, tempPrefix(target), TEMP_SUFFIX);
        boolean renamed = false;
        try {
            Files.setPosixFilePermissions(temp, mode);
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            steps.afterTempWritten(temp);
            steps.rename(temp, target.toAbsolutePath());
            renamed = true;
            fsyncDirectory(directory);
        } finally {
            if (!renamed) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException e) {
                    LOG.warnf("Cannot remove the temporary file %s: %s", temp, e.getMessage());
                }
            }
        }
    }

    /** Removes {@code target}, and makes the removal durable; nothing else in its directory is touched. */
    public void delete(Path target) throws IOException {
        if (Files.deleteIfExists(target)) {
            fsyncDirectory(target.toAbsolutePath().getParent());
        }
    }

    /** Removes temporary files this writer left next to {@code target} (a crash between write and rename); returns them. */
    public List<Path> removeLeftovers(Path target) throws IOException {
        List<Path> removed = new ArrayList<>();
        Path directory = target.toAbsolutePath().getParent();
        if (!Files.isDirectory(directory)) {
            return removed;
        }
        String prefix = tempPrefix(target);
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory,
                entry -> entry.getFileName().toString().startsWith(prefix) && entry.getFileName().toString().endsWith(TEMP_SUFFIX)
                        && Files.isRegularFile(entry, java.nio.file.LinkOption.NOFOLLOW_LINKS))) {
            for (Path entry : entries) {
                Files.deleteIfExists(entry);
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

    private static void fsyncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
