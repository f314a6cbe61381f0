package dev.domstore.agent.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.domstore.common.FailureReason;
import dev.domstore.common.validation.ImagePaths;
import dev.domstore.common.validation.InvalidInputException;
import dev.domstore.hostexec.HostOperationException;

/** The directory under which every image of this host lives. It is made on first use, so it may not exist yet. */
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

    /** The root itself once it exists, before that the closest directory above it that does. */
    public Path nearestExistingDirectory() {
        Path candidate = path;
        while (!Files.isDirectory(candidate)) {
            candidate = candidate.getParent();
        }
        return candidate;
    }

    /** Bytes an image may still take: the usable space of the file system the root is (or will be) on. */
    public long usableBytes() throws IOException {
        return Files.getFileStore(nearestExistingDirectory()).getUsableSpace();
    }

    /** Whether images can be written: the root, or while it does not exist yet the directory it will be made in. */
    public boolean isWritable() {
        if (Files.exists(path) && !Files.isDirectory(path)) {
            return false;
        }
        return Files.isWritable(nearestExistingDirectory());
    }
}
