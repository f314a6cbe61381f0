package dev.domstore.testsupport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded PostgreSQL on a machine that never had its binaries: they are unpacked within the
 * launcher's and the tests' 64 MB heap, and an unpacking killed half-way does not stop the next start.
 */
class PostgresFromEmptyTest {
    private Path binaries;

    @BeforeEach
    void emptyBinariesDirectory() {
        binaries = TempDirs.create("pg-binaries");
    }

    @AfterEach
    void removeIt() {
        TempDirs.deleteRecursively(binaries);
    }

    @Test
    void startsWithNoBinariesUnpacked() {
        try (Postgres postgres = Postgres.start(binaries)) {
            assertTrue(postgres.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"));
        }
        assertTrue(unpackedDirectories().anyMatch(dir -> Files.isExecutable(dir.resolve("bin/postgres"))));
    }

    @Test
    void anUnpackingKilledHalfWayDoesNotPoisonTheNextStart() throws IOException {
        Path dataDir = TempDirs.create("postgres-killed");
        try (ChildProcess killed = Postgres.launch(dataDir, FreePorts.find(), binaries, Postgres.Durability.NO_FSYNC)) {
            killed.awaitReady(() -> stagingDirectoryHasFiles(), Duration.ofSeconds(60));
            killed.killHard();
        } finally {
            TempDirs.deleteRecursively(dataDir);
        }
        assertFalse(unpackedDirectories().findAny().isPresent(), "nothing half-unpacked is where zonky looks");

        try (Postgres postgres = Postgres.start(binaries)) {
            assertTrue(postgres.jdbcUrl().startsWith("jdbc:postgresql://127.0.0.1:"));
        }
        try (Stream<Path> left = Files.list(binaries)) {
            assertTrue(left.noneMatch(path -> path.getFileName().toString().startsWith(".unpacking-")), "the leftover was removed");
        }
    }

    private boolean stagingDirectoryHasFiles() {
        try (Stream<Path> entries = Files.list(binaries)) {
            return entries.filter(path -> path.getFileName().toString().startsWith(".unpacking-"))
                    .anyMatch(path -> Files.isDirectory(path.resolve("lib")));
        } catch (IOException e) {
            return false;
        }
    }

    private Stream<Path> unpackedDirectories() {
        try {
            return Files.list(binaries).filter(path -> path.getFileName().toString().startsWith("PG-")).toList().stream();
        } catch (IOException e) {
            return Stream.empty();
        }
    }
}
