package dev.domstore.agent.file;

import java.nio.file.Path;

/**
 * A loop device with a file attached. The backing file is the kernel's path for it: a file
 * removed while attached shows with a {@code " (deleted)"} suffix and matches no live image.
 */
public record LoopDevice(Path device, Path backingFile) {
}
