package dev.domstore.nfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * The exportfs the tests run, this machine having no nfs-utils (the real one runs in the QEMU lab):
 * a script {@code exportfs} in a directory of its own that records the arguments of every run, one
 * run a line, in {@code calls}; fails {@code -ra} with the content of {@code fail-ra} as its stderr
 * when that file is there; and prints the file {@code listing}, if any, for {@code -v}.
 */
public final class ExportfsStandIn {
    private ExportfsStandIn() {
    }

    /** Writes the script into {@code dir} (made if need be); returns its path. */
    public static Path write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("exportfs");
        Files.writeString(script, """
                #!/bin/sh
                echo "$*" >> %1$s/calls
                case "$1" in
                  -ra) if [ -f %1$s/fail-ra ]; then cat %1$s/fail-ra >&2; exit 1; fi; exit 0 ;;
                  -v) if [ -f %1$s/listing ]; then cat %1$s/listing; fi; exit 0 ;;
                  *) echo "exportfs stand-in: unexpected arguments $*" >&2; exit 2 ;;
                esac
                """.formatted(dir));
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    /** The arguments of every run of the stand-in in {@code dir} so far, one run a line. */
    public static List<String> calls(Path dir) throws IOException {
        Path calls = dir.resolve("calls");
        return Files.exists(calls) ? Files.readAllLines(calls) : List.of();
    }
}
