package dev.domstore.common;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import dev.domstore.common.validation.InvalidInputException;

/** File systems domstore can make in a volume and grow with it. */
public enum Filesystem {
    EXT2,
    EXT3,
    EXT4;

    /** The name mkfs -t, blkid and /proc/mounts use. */
    public String typeName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a user's file system name; {@code null} or blank means "none". */
    public static Filesystem parseOptional(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        for (Filesystem fs : values()) {
            if (fs.typeName().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return fs;
            }
        }
        throw new InvalidInputException(InvalidInputException.Kind.FILESYSTEM, "filesystem",
                "File system '" + value + "' is not supported. Use one of "
                        + Arrays.stream(values()).map(Filesystem::typeName).collect(Collectors.joining(", "))
                        + ", or leave 'filesystem' out for a raw volume.");
    }
}
