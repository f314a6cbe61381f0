package dev.domstore.agent.file;

import java.nio.file.Path;

import dev.domstore.common.Filesystem;

/**
 * An image file as it is on disk.
 *
 * @param sizeBytes      the apparent size, what the domain sees
 * @param allocatedBytes what the image really takes on disk
 * @param filesystem     the file system made in it, {@code null} for a raw image
 * @param createdNow     false when the image already existed as asked and was left untouched
 */
public record FileImage(Path path, long sizeBytes, long allocatedBytes, Filesystem filesystem, boolean createdNow) {
}
