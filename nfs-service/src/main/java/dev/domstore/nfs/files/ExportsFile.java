package dev.domstore.nfs.files;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import dev.domstore.hostexec.HostFiles;
import dev.domstore.nfs.config.NfsConfig;

/**
 * domstore's own exports file, by default /etc/exports.d/domstore.exports: the only file under
 * /etc/exports.d/ (or /etc/exports) domstore ever writes. It is replaced whole and atomically.
 * It lives on the managed host, so it is read and written through that host's {@link HostFiles}
 * (with the guest-agent transport, inside the QEMU guest), never through this machine's java.nio.
 */
@ApplicationScoped
public class ExportsFile {
    private static final String EXTENSION = ".exports";

    private final Path path;
    private final AtomicFileWriter writer;

    @Inject
    public ExportsFile(NfsConfig config, HostFiles hostFiles) {
        this(Path.of(config.exportsFile()), new AtomicFileWriter(hostFiles));
    }

    /** {@code writer}: one on the managed host's file system, which the file is also read from. */
    public ExportsFile(Path path, AtomicFileWriter writer) {
        this.path = requireOwnFile(path);
        this.writer = writer;
    }

    /** Refuses a configuration that would have domstore write /etc/exports, or a file exportfs never reads. */
    static Path requireOwnFile(Path configured) {
        Path path = configured.toAbsolutePath().normalize();
        if (path.equals(Path.of("/etc/exports"))) {
            throw new IllegalStateException("domstore.nfs.exports-file must not be /etc/exports: that file is the host's own. "
                    + "Use a file of domstore's under /etc/exports.d/, such as /etc/exports.d/domstore.exports.");
        }
        String name = path.getFileName().toString();
        if (!name.endsWith(EXTENSION) || name.length() == EXTENSION.length() || name.startsWith(".")) {
            throw new IllegalStateException("domstore.nfs.exports-file '" + configured + "' must be named <name>.exports: exportfs "
                    + "reads only such files under /etc/exports.d/.");
        }
        return path;
    }

    public Path path() {
        return path;
    }

    /** The file's content, or empty when there is none. */
    public Optional<String> read() throws IOException {
        return writer.files().read(path);
    }

    /** Replaces the whole file atomically (mode 0644). */
    public void replace(String content) throws IOException {
        writer.write(path, content, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** Puts back what {@link #read()} gave before a change: that content, or no file at all. */
    public void restore(Optional<String> previous) throws IOException {
        if (previous.isPresent()) {
            replace(previous.get());
        } else {
            writer.delete(path);
        }
    }

    /** Removes temporary files an interrupted write left next to the file. */
    public List<Path> removeLeftovers() throws IOException {
        return writer.removeLeftovers(path);
    }
}
