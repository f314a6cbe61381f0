package dev.domstore.agent.file;

import java.io.IOException;
import java.nio.file.Path;

import dev.domstore.common.FailureReason;
import dev.domstore.common.validation.ImagePaths;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.HostOperationException;

/**
 * The directory under which every image of a host lives. It is made on first use, so it may not
 * exist yet. What is on disk is asked of the host's {@link HostFiles}.
 */
public record ImageRoot(Path path) {

    public ImageRoot {
        if (!path.isAbsolute()) {
            throw new IllegalArgumentException("The image root '" + path + "' must be an absolute directory such as /var/lib/domstore/images");
        }
        path = path.normalize();
    }

    public static ImageRoot of(String directory) {
        return new ImageRoot(Path.of(directory));
    }

    /** {@code imagePath} normalised, refused with INVALID_ARGUMENT unless it lies below this root (rule 6). */
    public Path requireImagePath(String imagePath) {
        try {
            return ImagePaths.requireUnder(path.toString(), imagePath);
        } catch (InvalidInputException e) {
            throw new HostOperationException(FailureReason.INVALID_ARGUMENT, e.getMessage(), e);
        }
    }

    /** The root itself once it exists, before that the closest directory above it that does (at most {@code /}). */
    public Path nearestExistingDirectory(HostFiles files) {
        Path candidate = path;
        while (candidate.getParent() != null && !files.isDirectory(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate;
    }

    /** Bytes an image may still take: the usable space of the file system the root is (or will be) on. */
    public long usableBytes(HostFiles files) throws IOException {
        return files.usableSpace(nearestExistingDirectory(files));
    }

    /** Whether images can be written: the root, or while it does not exist yet the directory it will be made in. */
    public boolean isWritable(HostFiles files) {
        Path directory = nearestExistingDirectory(files);
        if (!directory.equals(path) && files.exists(path)) {
            // Something that is not a directory (a file, a dangling link) is where the root should be.
            return false;
        }
        return files.isWritable(directory);
    }
}
