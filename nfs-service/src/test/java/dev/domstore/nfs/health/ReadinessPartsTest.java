package dev.domstore.nfs.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.nfs.exportfs.Exportfs;

/** The pieces of readiness that need no running service. */
class ReadinessPartsTest {

    @Test
    void aDirectoryNotYetMadeCountsAsWritableWhenItsParentIs(@TempDir Path temp) throws IOException {
        HostFiles files = LocalHostFiles.INSTANCE;
        assertTrue(NfsReadinessCheck.writable(files, temp.resolve("a").resolve("b")));
        assertEquals(temp, NfsReadinessCheck.nearestExisting(files, temp.resolve("a").resolve("b")));
        Path file = Files.writeString(temp.resolve("file"), "x");
        assertFalse(NfsReadinessCheck.writable(files, file), "a file where the directory should be");
    }

    @Test
    void exportfsIsLookedUpOrAskedThroughTheCommandPrefix(@TempDir Path temp) throws IOException {
        HostCommandRunner direct = new HostCommandRunner(List.of(), Duration.ofSeconds(10));
        assertFalse(new Exportfs(temp.resolve("exportfs").toString(), direct).availability().available());
        Path tool = Files.writeString(temp.resolve("exportfs"), "#!/bin/sh\nexit 0\n");
        tool.toFile().setExecutable(true);
        assertTrue(new Exportfs(tool.toString(), direct).availability().available());

        HostCommandRunner prefixed = new HostCommandRunner(List.of("env"), Duration.ofSeconds(10));
        Exportfs.Availability missing = new Exportfs("domstore-no-such-exportfs", prefixed).availability();
        assertFalse(missing.available());
        assertTrue(missing.detail().contains("exited with 127"), missing.detail());
        assertTrue(new Exportfs(tool.toString(), prefixed).availability().available());
    }
}
