package dev.domstore.localinfra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PostgresBinariesTest {
    private static Path scratch;
    private static Path unpacked;

    @BeforeAll
    static void unpackFromEmpty() throws IOException {
        scratch = Files.createTempDirectory("pg-binaries-test");
        unpacked = PostgresBinaries.prepare(scratch.resolve("fresh"));
    }

    @AfterAll
    static void cleanUp() throws IOException {
        PostgresBinaries.deleteRecursively(scratch);
    }

    @Test
    void fromEmptyTheBinariesAreWhereZonkyLooksAndMarkedReady() {
        assertTrue(unpacked.getFileName().toString().matches("PG-[0-9a-f]{32}"), unpacked.toString());
        assertTrue(Files.isExecutable(unpacked.resolve("bin/postgres")));
        assertTrue(Files.isExecutable(unpacked.resolve("bin/initdb")));
        assertTrue(Files.isSymbolicLink(unpacked.resolve("lib/libicui18n.so")));
        assertTrue(Files.exists(unpacked.resolve("lib/libicui18n.so")), "the link resolves");
        assertTrue(PostgresBinaries.isReady(unpacked));
    }

    @Test
    void aReadyDirectoryIsUsedAsItIs() throws IOException {
        FileTime marked = Files.getLastModifiedTime(unpacked.resolve(PostgresBinaries.READY_MARKER));
        assertEquals(unpacked, PostgresBinaries.prepare(unpacked.getParent()));
        assertEquals(marked, Files.getLastModifiedTime(unpacked.resolve(PostgresBinaries.READY_MARKER)));
    }

    /** What zonky leaves when its unpacking is killed: lib/ and share/ in part, no bin/, no marker. */
    @Test
    void aHalfUnpackedDirectoryIsRemovedAndDoneAgain() throws IOException {
        Path workingDirectory = scratch.resolve("poisoned");
        Path poisoned = workingDirectory.resolve(unpacked.getFileName());
        Files.createDirectories(poisoned.resolve("lib"));
        Files.createDirectories(poisoned.resolve("share"));
        Files.createSymbolicLink(poisoned.resolve("lib/libicui18n.so"), Path.of("libicui18n.so.60.2"));
        Files.writeString(poisoned.resolve("epg-lock"), "");
        assertFalse(PostgresBinaries.isReady(poisoned));

        assertEquals(poisoned, PostgresBinaries.prepare(workingDirectory));

        assertTrue(PostgresBinaries.isReady(poisoned));
        assertTrue(Files.isExecutable(poisoned.resolve("bin/postgres")));
        assertFalse(Files.exists(poisoned.resolve("epg-lock"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void whatAKilledUnpackingLeftIsRemovedAndNeverUsed() throws IOException {
        Path workingDirectory = scratch.resolve("killed");
        Path leftover = workingDirectory.resolve(".unpacking-12345");
        Files.createDirectories(leftover.resolve("lib"));
        Files.writeString(leftover.resolve("lib/libpq.so.5"), "half");

        Path prepared = PostgresBinaries.prepare(workingDirectory);

        assertFalse(Files.exists(leftover));
        assertTrue(PostgresBinaries.isReady(prepared));
    }

    @Test
    void aMarkerOlderThanTheFilesBesideItIsNotTrusted() throws IOException {
        Path copy = scratch.resolve("stale/PG-0");
        Files.createDirectories(copy.resolve("bin"));
        Files.createFile(copy.resolve(PostgresBinaries.READY_MARKER));
        Files.setLastModifiedTime(copy.resolve(PostgresBinaries.READY_MARKER), FileTime.fromMillis(0));
        assertFalse(PostgresBinaries.isReady(copy));
    }
}
