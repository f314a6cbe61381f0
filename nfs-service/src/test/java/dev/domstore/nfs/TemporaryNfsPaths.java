package dev.domstore.nfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import dev.domstore.testsupport.TempDirs;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Gives the nfs-service under test its own exports.d (holding another file that is not
 * domstore's), export root and state file under the temporary directory, removed afterwards.
 */
public class TemporaryNfsPaths implements QuarkusTestResourceLifecycleManager {
    public static final String OTHER_EXPORTS = "/home 192.168.1.0/24(ro,sync)\n";
    private static Path directory;

    @Override
    public Map<String, String> start() {
        directory = TempDirs.create("nfs");
        try {
            Files.createDirectories(exportsD());
            Files.writeString(exportsD().resolve("local.exports"), OTHER_EXPORTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of(
                "domstore.nfs.exports-file", exportsD().resolve("domstore.exports").toString(),
                // Not there yet: the service must make it on first use.
                "domstore.nfs.export-root", directory.resolve("srv").resolve("nfs").toString(),
                "domstore.nfs.state-file", directory.resolve("state").resolve("applied-exports.json").toString());
    }

    @Override
    public void stop() {
        TempDirs.deleteRecursively(directory);
    }

    public static Path exportsD() {
        return directory.resolve("etc").resolve("exports.d");
    }
}
