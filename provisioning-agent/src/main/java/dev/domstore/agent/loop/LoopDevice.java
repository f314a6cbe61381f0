package dev.domstore.agent.loop;

import java.nio.file.Path;

/**
 * A loop device with a file attached. {@code backingFile} is the kernel's path for it without the
 * {@code " (deleted)"} suffix the kernel adds when the file was removed while attached; then
 * {@code backingFileDeleted} is true and the device matches no live image.
 */
public record LoopDevice(Path device, Path backingFile, boolean backingFileDeleted) {
}
