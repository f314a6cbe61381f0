package dev.domstore.common.validation;

import java.nio.file.Path;

/** Rule 6 of ARCHITECTURE.md: a file-backed image lives under the host's image root; no path escapes it. */
public final class ImagePaths {
    private ImagePaths() {
    }

    /** The image path for {@code fileName} under {@code imageRoot}, refused if it would leave the root. */
    public static Path resolve(String imageRoot, String fileName) {
        Path root = requireRoot(imageRoot);
        Path image = root.resolve(Names.requireFileName("name", fileName)).normalize();
        return requireUnder(root, image);
    }

    /** {@code path}, normalised, if it lies strictly below {@code imageRoot}. */
    public static Path requireUnder(String imageRoot, String path) {
        Path root = requireRoot(imageRoot);
        if (path == null || !Path.of(path).isAbsolute()) {
            throw new InvalidInputException(InvalidInputException.Kind.PATH, "imagePath",
                    "Image path '" + path + "' must be absolute and under the image root " + root + ".");
        }
        return requireUnder(root, Path.of(path).normalize());
    }

    private static Path requireUnder(Path root, Path image) {
        if (!image.startsWith(root) || image.equals(root)) {
            throw new InvalidInputException(InvalidInputException.Kind.PATH, "imagePath",
                    "Image path '" + image + "' is outside the image root " + root + ": images may only live under it.");
        }
        return image;
    }

    private static Path requireRoot(String imageRoot) {
        if (imageRoot == null || !Path.of(imageRoot).isAbsolute()) {
            throw new InvalidInputException(InvalidInputException.Kind.PATH, "imageRoot",
                    "Image root '" + imageRoot + "' must be an absolute directory such as /var/lib/domstore/images.");
        }
        return Path.of(imageRoot).normalize();
    }
}
