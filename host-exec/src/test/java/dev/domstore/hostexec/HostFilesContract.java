package dev.domstore.hostexec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import dev.domstore.testsupport.Prerequisites;

/**
 * What every {@link HostFiles} answers, checked on real files of this machine: the outcome a caller
 * sees (the file on disk, its mode, the exception type), and for every query, the same answer
 * {@link LocalHostFiles} gives for the same path. Each implementation runs it through a subclass.
 */
abstract class HostFilesContract {
    private static final Path LOOP0 = Path.of("/dev/loop0");
    private static final Path LOOP_CONTROL = Path.of("/dev/loop-control");
    private static final HostFiles NIO = LocalHostFiles.INSTANCE;

    @TempDir
    Path dir;
    HostFiles files;

    /** The implementation under test, for files of this machine. */
    abstract HostFiles files();

    @BeforeEach
    void makeFiles() {
        files = files();
    }

    @Test
    void existsDoesNotFollowAFinalLink() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path dangling = Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"));

        assertTrue(files.exists(file));
        assertTrue(files.exists(dir));
        assertTrue(files.exists(dangling));
        assertFalse(files.exists(dir.resolve("gone")));
        assertFalse(files.exists(file.resolve("under-a-file")));
    }

    @Test
    void isDirectoryFollowsLinksAndIsRegularFileDoesNot() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path linkToDir = Files.createSymbolicLink(dir.resolve("to-sub"), sub);
        Path linkToFile = Files.createSymbolicLink(dir.resolve("to-file"), file);

        assertTrue(files.isDirectory(sub));
        assertTrue(files.isDirectory(linkToDir));
        assertFalse(files.isDirectory(file));
        assertFalse(files.isDirectory(dir.resolve("gone")));

        assertTrue(files.isRegularFile(file));
        assertTrue(files.isRegularFile(Files.createFile(dir.resolve("empty"))));
        assertFalse(files.isRegularFile(linkToFile));
        assertFalse(files.isRegularFile(sub));
        assertFalse(files.isRegularFile(dir.resolve("gone")));
        assertFalse(files.isRegularFile(LOOP_CONTROL));
    }

    @Test
    void writableAndExecutableAreWhatTheAccessCheckSays() throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "x");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path othersOnly = Files.writeString(dir.resolve("others-only"), "x");
        Files.setPosixFilePermissions(othersOnly, PosixFilePermissions.fromString("------r-x"));

        for (Path path : List.of(plain, script, othersOnly, dir, dir.resolve("gone"), Path.of("/proc/version"))) {
            assertEquals(NIO.isWritable(path), files.isWritable(path), "isWritable " + path);
            assertEquals(NIO.isExecutable(path), files.isExecutable(path), "isExecutable " + path);
        }
        assertTrue(files.isExecutable(script));
        assertFalse(files.isWritable(dir.resolve("gone")));
        assertFalse(files.isExecutable(dir.resolve("gone")));
    }

    @Test
    void listGivesEveryNameSortedOddOnesIncluded() throws IOException {
        List<String> names = List.of("b", "a", ".hidden", "sp ace", "new\nline", "tab\there", "ünï €", "qu'o\"te", "back\\slash", "-dash", "?q");
        for (String name : names) {
            Files.createFile(dir.resolve(name));
        }
        Files.createDirectory(dir.resolve("sub"));

        List<String> listed = files.list(dir);

        assertEquals(NIO.list(dir), listed);
        assertEquals(names.size() + 1, listed.size());
        assertTrue(listed.containsAll(names), listed.toString());
        assertEquals(List.of(), files.list(dir.resolve("sub")));
        assertEquals(NIO.list(Files.createSymbolicLink(dir.resolve("to-sub"), dir.resolve("sub"))),
                files.list(dir.resolve("to-sub")));
    }

    @Test
    void listOfWhatIsNoDirectoryFails() {
        assertThrows(NoSuchFileException.class, () -> files.list(dir.resolve("gone")));
        assertThrows(NotDirectoryException.class, () -> files.list(Files.writeString(dir.resolve("file"), "x")));
    }

    @Test
    void readGivesTheContentExactlyOrNothing() throws IOException {
        String content = "first line\nsecond: ünï €\n\n";
        Path file = Files.writeString(dir.resolve("file"), content);

        assertEquals(Optional.of(content), files.read(file));
        assertEquals(Optional.of(""), files.read(Files.createFile(dir.resolve("empty"))));
        assertEquals(Optional.empty(), files.read(dir.resolve("gone")));
        assertThrows(IOException.class, () -> files.read(dir));
    }

    @Test
    void sizeCountsBytesOfTheLinkedFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "héllo\n");

        assertEquals(7, files.size(file));
        assertEquals(7, files.size(Files.createSymbolicLink(dir.resolve("link"), file)));
        assertThrows(NoSuchFileException.class, () -> files.size(dir.resolve("gone")));
    }

    @Test
    void usableSpaceIsWhatJavaNioSays() throws IOException {
        long expected = NIO.usableSpace(dir);

        long usable = files.usableSpace(dir);

        // Others write to the same file system meanwhile: equal within 64 MiB.
        assertTrue(Math.abs(usable - expected) < 64L << 20, usable + " vs " + expected);
        assertTrue(usable > 0);
        assertThrows(NoSuchFileException.class, () -> files.usableSpace(dir.resolve("gone")));
    }

    @Test
    void realPathResolvesEveryLink() throws IOException {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Path file = Files.writeString(sub.resolve("file"), "x");
        Path linkToSub = Files.createSymbolicLink(dir.resolve("to-sub"), Path.of("sub"));
        Path linkToLink = Files.createSymbolicLink(dir.resolve("to-link"), linkToSub.resolve("file"));

        assertEquals(file.toRealPath(), files.realPath(linkToLink));
        assertEquals(NIO.realPath(linkToSub), files.realPath(linkToSub));
        assertEquals(NIO.realPath(dir.resolve("sub/../sub/file")), files.realPath(dir.resolve("sub/../sub/file")));
        assertThrows(NoSuchFileException.class, () -> files.realPath(dir.resolve("gone")));
        assertThrows(NoSuchFileException.class, () -> files.realPath(Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone"))));
    }

    @Test
    void blockDeviceGivesMajorAndMinorThroughLinksAndNothingForOtherFiles() throws IOException {
        Prerequisites.require(getClass(), Files.exists(LOOP0), LOOP0 + " does not exist (no loop driver here: modprobe loop)");
        Path link = Files.createSymbolicLink(dir.resolve("disk"), LOOP0);

        assertEquals(Optional.of(new HostFiles.DeviceNumber(7, 0)), files.blockDevice(LOOP0));
        assertEquals(Optional.of(new HostFiles.DeviceNumber(7, 0)), files.blockDevice(link));
        assertEquals(NIO.blockDevice(LOOP_CONTROL), files.blockDevice(LOOP_CONTROL));
        assertEquals(Optional.empty(), files.blockDevice(LOOP_CONTROL));
        assertEquals(Optional.empty(), files.blockDevice(Files.writeString(dir.resolve("file"), "x")));
        assertEquals(Optional.empty(), files.blockDevice(dir));
        assertThrows(NoSuchFileException.class, () -> files.blockDevice(dir.resolve("gone")));
        Files.delete(link);
    }

    @Test
    void createDirectoriesMakesParentsAndLeavesWhatExists() throws IOException {
        Path deep = dir.resolve("a/b/c");

        files.createDirectories(deep);
        files.createDirectories(deep);

        assertTrue(Files.isDirectory(deep));
        assertThrows(FileAlreadyExistsException.class, () -> files.createDirectories(Files.writeString(dir.resolve("file"), "x")));
    }

    @Test
    void createDirectoryHasExactlyTheModeAskedFor() throws IOException {
        Path open = dir.resolve("open");
        Path closed = dir.resolve("closed");

        files.createDirectory(open, "rwxrwxrwx");
        files.createDirectory(closed, "rwx------");

        assertEquals("rwxrwxrwx", mode(open)); // Not narrowed by the umask.
        assertEquals("rwx------", mode(closed));
        assertThrows(FileAlreadyExistsException.class, () -> files.createDirectory(open, "rwxr-xr-x"));
        assertThrows(FileAlreadyExistsException.class, () -> files.createDirectory(Files.writeString(dir.resolve("file"), "x"), "rwxr-xr-x"));
        assertThrows(NoSuchFileException.class, () -> files.createDirectory(dir.resolve("gone/sub"), "rwxr-xr-x"));
        assertEquals("rwxrwxrwx", mode(open));
    }

    @Test
    void createFileMakesAnEmptyFileWithTheModeAndNeverReplacesOne() throws IOException {
        Path file = dir.resolve("file");

        files.createFile(file, "rw-rw-rw-");

        assertTrue(Files.isRegularFile(file));
        assertEquals(0, Files.size(file));
        assertEquals("rw-rw-rw-", mode(file));
        Files.writeString(file, "kept");
        assertThrows(FileAlreadyExistsException.class, () -> files.createFile(file, "rw-------"));
        assertEquals("kept", Files.readString(file));
        assertEquals("rw-rw-rw-", mode(file));
        assertThrows(FileAlreadyExistsException.class, () -> files.createFile(Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("gone")), "rw-------"));
        assertFalse(Files.exists(dir.resolve("gone")));
        assertThrows(NoSuchFileException.class, () -> files.createFile(dir.resolve("gone/file"), "rw-------"));
    }

    @Test
    void createTempDirectoryIsNewEmptyAndPrivate() throws IOException {
        Path first = files.createTempDirectory(dir, "work-");
        Path second = files.createTempDirectory(dir, "work-");

        assertNotEquals(first, second);
        for (Path made : List.of(first, second)) {
            assertEquals(dir, made.getParent());
            assertTrue(made.getFileName().toString().startsWith("work-"), made.toString());
            assertTrue(Files.isDirectory(made));
            assertEquals(List.of(), NIO.list(made));
            assertEquals("rwx------", mode(made));
        }
        assertThrows(NoSuchFileException.class, () -> files.createTempDirectory(dir.resolve("gone"), "work-"));
    }

    @Test
    void createTempFileIsNewEmptyAndPrivate() throws IOException {
        Path named = files.createTempFile(dir, "journal-", ".json");
        Path defaulted = files.createTempFile(dir, "journal-", null);

        assertEquals(dir, named.getParent());
        assertTrue(named.getFileName().toString().startsWith("journal-"), named.toString());
        assertTrue(named.getFileName().toString().endsWith(".json"), named.toString());
        assertTrue(defaulted.getFileName().toString().endsWith(".tmp"), defaulted.toString());
        for (Path made : List.of(named, defaulted)) {
            assertTrue(Files.isRegularFile(made));
            assertEquals(0, Files.size(made));
            assertEquals("rw-------", mode(made));
        }
        assertThrows(NoSuchFileException.class, () -> files.createTempFile(dir.resolve("gone"), "journal-", ".json"));
    }

    @Test
    void setModeSetsExactlyThatMode() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");

        files.setMode(file, "r-x-w---x");
        assertEquals("r-x-w---x", mode(file));
        files.setMode(dir, "rwxr-x---");
        assertEquals("rwxr-x---", mode(dir));
        assertThrows(NoSuchFileException.class, () -> files.setMode(dir.resolve("gone"), "rw-------"));
    }

    @Test
    void writeAndSyncReplacesTheWholeContentOrMakesTheFile() throws IOException {
        Path existing = Files.writeString(dir.resolve("existing"), "a much longer old content\n".repeat(100));
        Path fresh = dir.resolve("fresh");
        String big = "0123456789abcdef".repeat(64 * 1024) + "end";

        files.writeAndSync(existing, "new: ünï €\n");
        files.writeAndSync(fresh, big);

        assertEquals("new: ünï €\n", Files.readString(existing));
        assertEquals(big, Files.readString(fresh));
        files.writeAndSync(existing, "");
        assertEquals(0, Files.size(existing));
        assertThrows(NoSuchFileException.class, () -> files.writeAndSync(dir.resolve("gone/file"), "x"));
        assertThrows(IOException.class, () -> files.writeAndSync(dir, "x"));
    }

    @Test
    void syncTakesFilesAndDirectories() throws IOException {
        files.sync(Files.writeString(dir.resolve("file"), "x"));
        files.sync(dir);

        assertThrows(NoSuchFileException.class, () -> files.sync(dir.resolve("gone")));
    }

    @Test
    void deleteIfExistsRemovesFilesLinksAndEmptyDirectoriesOnly() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path target = Files.writeString(dir.resolve("target"), "x");
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Path empty = Files.createDirectory(dir.resolve("empty"));
        Path full = Files.createDirectory(dir.resolve("full"));
        Files.writeString(full.resolve("inside"), "x");

        assertTrue(files.deleteIfExists(file));
        assertTrue(files.deleteIfExists(link));
        assertTrue(files.deleteIfExists(empty));
        assertFalse(files.deleteIfExists(file));
        assertFalse(files.deleteIfExists(dir.resolve("gone/file")));
        assertThrows(DirectoryNotEmptyException.class, () -> files.deleteIfExists(full));

        assertEquals(List.of("full", "target"), NIO.list(dir));
        assertTrue(Files.exists(full.resolve("inside")));
    }

    @Test
    void moveAtomicallyReplacesTheTarget() throws IOException {
        Path source = Files.writeString(dir.resolve("journal.tmp"), "new");
        Path target = Files.writeString(dir.resolve("journal"), "old");

        files.moveAtomically(source, target);

        assertEquals("new", Files.readString(target));
        assertFalse(Files.exists(source));
        files.moveAtomically(Files.writeString(dir.resolve("other.tmp"), "fresh"), dir.resolve("other"));
        assertEquals("fresh", Files.readString(dir.resolve("other")));
        assertThrows(NoSuchFileException.class, () -> files.moveAtomically(dir.resolve("gone"), target));
        assertEquals("new", Files.readString(target));
    }

    @Test
    void failuresAreTheOnesJavaNioThrows() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        Path gone = dir.resolve("gone");
        List<Failing> cases = List.of(
                f -> f.list(gone), f -> f.list(file), f -> f.size(gone), f -> f.usableSpace(gone), f -> f.realPath(gone),
                f -> f.blockDevice(gone), f -> f.createDirectories(file), f -> f.createDirectory(file, "rwx------"),
                f -> f.createDirectory(gone.resolve("sub"), "rwx------"), f -> f.createFile(file, "rw-------"),
                f -> f.createFile(gone.resolve("sub"), "rw-------"), f -> f.createTempDirectory(gone, "x"),
                f -> f.createTempFile(gone, "x", null), f -> f.setMode(gone, "rw-------"), f -> f.writeAndSync(gone.resolve("sub"), "x"),
                f -> f.sync(gone), f -> f.moveAtomically(gone, file));
        for (int i = 0; i < cases.size(); i++) {
            Failing call = cases.get(i);
            IOException expected = assertThrows(IOException.class, () -> call.on(NIO), "java.nio, case " + i);
            IOException actual = assertThrows(IOException.class, () -> call.on(files), "case " + i);
            assertEquals(expected.getClass(), actual.getClass(), "case " + i + ": " + actual.getMessage());
        }
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    @FunctionalInterface
    interface Failing {
        void on(HostFiles files) throws IOException;
    }
}
