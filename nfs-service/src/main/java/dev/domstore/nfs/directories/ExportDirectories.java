package dev.domstore.nfs.directories;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import dev.domstore.common.FailureReason;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostOperationException;
import dev.domstore.nfs.config.NfsConfig;
import dev.domstore.nfs.exportfs.NfsCommands;

/**
 * The exported directories: checked before anything changes, then made ({@code mkdir -p}, mode
 * 0755) and, when asked, filled from {@code populateFrom} — only below the export root, never
 * through a symbolic link that leads out of it. Idempotent: a directory that exists is left as it
 * is (a populated one is not copied into again).
 *
 * <p>Populating is atomic too: the copy goes into a hidden sibling,
 * {@code .<name>.domstore-populating}, which is renamed to the export's name only once
 * {@code cp -a} succeeded. An interrupted copy leaves no half-filled root file system under the
 * export's name; the next attempt removes the sibling and starts again.
 *
 * <p>The directories are the managed host's: everything here goes through the runner, its
 * commands and its {@link HostFiles} (with the guest-agent transport, inside the QEMU guest).
 */
@ApplicationScoped
public class ExportDirectories {
    private static final Logger LOG = Logger.getLogger(ExportDirectories.class);
    private static final String MODE_0755 = "rwxr-xr-x";
    static final String STAGING_SUFFIX = ".domstore-populating";

    private final Path exportRoot;
    private final HostCommandRunner runner;
    private final HostFiles files;

    @Inject
    public ExportDirectories(NfsConfig config, HostCommandRunner runner) {
        this(Path.of(config.exportRoot()), runner);
    }

    public ExportDirectories(Path exportRoot, HostCommandRunner runner) {
        this.exportRoot = exportRoot.toAbsolutePath().normalize();
        this.runner = runner;
        this.files = runner.files();
    }

    /** Makes sure every export's directory is there; returns the directories made now. Exports must be validated. */
    public List<Path> prepare(List<ApplyExports.Export> exports) {
        try {
            check(exports);
            List<Path> made = new ArrayList<>();
            for (ApplyExports.Export export : exports) {
                Path directory = Path.of(export.path());
                if (!export.createDirectory() || files.isDirectory(directory)) {
                    continue;
                }
                if (export.populateFrom() == null) {
                    makeDirectories(directory);
                } else {
                    populate(directory, Path.of(export.populateFrom()));
                }
                made.add(directory);
                LOG.infof("Made export directory %s%s", directory,
                        export.populateFrom() == null ? "" : " with the contents of " + export.populateFrom());
            }
            return made;
        } catch (IOException e) {
            throw new HostOperationException(FailureReason.INTERNAL, "Cannot prepare the export directories: " + e, e);
        }
    }

    /** Everything that can be known before changing anything. */
    private void check(List<ApplyExports.Export> exports) throws IOException {
        List<String> missing = new ArrayList<>();
        for (ApplyExports.Export export : exports) {
            Path directory = Path.of(export.path());
            if (!export.createDirectory()) {
                if (!files.isDirectory(directory)) {
                    missing.add(directory.toString());
                }
                continue;
            }
            if (files.exists(directory) && !files.isDirectory(directory)) {
                throw new HostOperationException(FailureReason.CONFLICT, "Export path " + directory + " exists and is not a "
                        + "directory: remove it, or export another path.");
            }
            requireInsideExportRoot(directory);
            if (export.populateFrom() != null && !files.isDirectory(directory) && !files.isDirectory(Path.of(export.populateFrom()))) {
                throw new HostOperationException(FailureReason.NOT_FOUND, "populateFrom " + export.populateFrom() + " of the export "
                        + directory + " is not a directory on this server.");
            }
        }
        if (!missing.isEmpty()) {
            throw new HostOperationException(FailureReason.NOT_FOUND, "Export director" + (missing.size() == 1 ? "y " : "ies ")
                    + String.join(", ", missing) + (missing.size() == 1 ? " does" : " do") + " not exist, and the command does not ask "
                    + "domstore to create " + (missing.size() == 1 ? "it" : "them") + " (createDirectory is false): create "
                    + (missing.size() == 1 ? "it" : "them") + " on the server first. Nothing was changed.");
        }
    }

    /**
     * The nearest part of {@code directory} that exists must resolve, links followed, to a place below the export root.
     * A symbolic link on the way that leads nowhere is refused as well: what it would lead to once made cannot be known.
     */
    private void requireInsideExportRoot(Path directory) throws IOException {
        makeDirectories(exportRoot);
        Path realRoot = files.realPath(exportRoot);
        Path existing = directory;
        while (!files.exists(existing)) {
            existing = existing.getParent();
        }
        Path real;
        try {
            real = files.realPath(existing);
        } catch (NoSuchFileException dangling) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, "Export path " + directory + " goes through " + existing
                    + ", a symbolic link to nothing: domstore only creates directories below the export root " + exportRoot
                    + ", and cannot tell where that link leads.", dangling);
        }
        if (!real.startsWith(realRoot) || (real.equals(realRoot) && existing.equals(directory))) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, "Export path " + directory + " leads out of the export "
                    + "root " + exportRoot + " (" + existing + " is really " + real + "): domstore only creates directories below it.");
        }
    }

    /** {@code mkdir -p} with mode 0755 on every directory made, whatever the umask. */
    private void makeDirectories(Path directory) throws IOException {
        if (files.isDirectory(directory)) {
            return;
        }
        makeDirectories(directory.getParent());
        try {
            files.createDirectory(directory, MODE_0755);
        } catch (FileAlreadyExistsException raced) {
            if (files.isDirectory(directory)) {
                return;
            }
            throw raced;
        }
    }

    private void populate(Path directory, Path source) throws IOException {
        Path parent = directory.getParent();
        makeDirectories(parent);
        Path staging = parent.resolve("." + directory.getFileName() + STAGING_SUFFIX);
        if (files.exists(staging)) {
            LOG.infof("Removing %s, left by an interrupted copy", staging);
            removeTree(staging);
        }
        files.createDirectory(staging, MODE_0755);
        boolean moved = false;
        try {
            runner.run(NfsCommands.copyTree(source.toString(), staging.toString()));
            // cp -a gave the directory the source's mode; an export's directory is 0755.
            files.setMode(staging, MODE_0755);
            files.moveAtomically(staging, directory);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    removeTree(staging);
                } catch (RuntimeException e) {
                    LOG.warnf("Cannot remove %s after a failed copy (the next attempt will): %s", staging, e.getMessage());
                }
            }
        }
    }

    /** {@code rm -rf} on the host: links are removed, never followed out of the tree. */
    private void removeTree(Path root) {
        runner.run(NfsCommands.removeTree(root.toString()));
    }
}
