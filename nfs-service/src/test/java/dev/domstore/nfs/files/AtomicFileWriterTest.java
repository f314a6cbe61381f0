package dev.domstore.nfs.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.hostexec.HostFiles;
import dev.domstore.hostexec.LocalHostFiles;

/**
 * The exports file is replaced all at once, and nothing else in its directory is ever touched. Real files, real renames,
 * here through java.nio ({@link LocalHostFiles}); {@link AtomicFileWriterOverGuestAgentTest} runs the same through a
 * real qemu-guest-agent.
 */
class AtomicFileWriterTest {
    private static final Set<PosixFilePermission> MODE_0644 = PosixFilePermissions.fromString("rw-r--r--");
    private static final String OLD = "# revision 1\n/srv/domstore/nfs/vm1 10.0.0.1(rw,sync,no_subtree_check)\n";
    private static final String NEW = "# revision 2\n/srv/domstore/nfs/vm1 10.0.0.1(rw,sync,no_subtree_check)\n"
            + "/srv/domstore/nfs/vm2 10.0.0.2(rw,sync,no_subtree_check)\n";

    @TempDir
    Path exportsD;
    Path target;
    /** What the directory held besides domstore's file, before the test: name → content, inode and mtime. */
    Map<String, String> othersBefore;

    /** The file system the writer under test writes on. */
    HostFiles files() {
        return LocalHostFiles.INSTANCE;
    }

    /** What the child JVM of the kill -9 test is given after the target and the content, to write the same way. */
    List<String> crashChildArguments() {
        return List.of();
    }

    /** Before another process writes on the same host: a guest agent serves one connection at a time. */
    void letAnotherProcessConnect() {
    }

    @BeforeEach
    void aDirectoryWithOtherPeoplesFiles() throws IOException {
        target = exportsD.resolve("domstore.exports");
        Files.writeString(exportsD.resolve("local.exports"), "/home 192.168.1.0/24(ro,sync)\n");
        Files.writeString(exportsD.resolve("zz-backup.exports"), "/backup 10.9.9.9(rw,sync)\n");
        Files.writeString(exportsD.resolve("domstore.exports.bak"), "an operator's copy\n");
        Files.writeString(exportsD.resolve(".domstore.exports.notes"), "not one of ours: does not end in .tmp\n");
        Files.writeString(exportsD.resolve(".other.exports.123.tmp"), "another writer's temporary file\n");
        Files.createSymbolicLink(exportsD.resolve("linked.exports"), exportsD.resolve("local.exports"));
        Files.setLastModifiedTime(exportsD.resolve("local.exports"), FileTime.fromMillis(1_000_000_000_000L));
        othersBefore = snapshotOthers();
    }

    @Test
    void writesTheContentWithItsModeAndMakesTheDirectory() throws IOException {
        Path inNewDirectory = exportsD.resolve("sub").resolve("domstore.exports");

        new AtomicFileWriter(files()).write(inNewDirectory, NEW, MODE_0644);

        assertEquals(NEW, Files.readString(inNewDirectory));
        assertEquals(MODE_0644, Files.getPosixFilePermissions(inNewDirectory));
        assertEquals(PosixFilePermissions.fromString("rwxr-xr-x"), Files.getPosixFilePermissions(inNewDirectory.getParent()));
    }

    @Test
    void replacesTheFileByRenameSoAReaderHoldingTheOldOneKeepsItWhole() throws IOException {
        AtomicFileWriter writer = new AtomicFileWriter(files());
        writer.write(target, OLD, MODE_0644);
        Object before = Files.readAttributes(target, BasicFileAttributes.class).fileKey();

        try (var oldReader = Files.newBufferedReader(target)) {
            writer.write(target, NEW, MODE_0644);
            assertEquals(OLD.lines().toList(), oldReader.lines().toList(), "an open reader still sees the complete old file");
        }

        assertEquals(NEW, Files.readString(target));
        assertNotEquals(before, Files.readAttributes(target, BasicFileAttributes.class).fileKey(), "a new inode: renamed, not rewritten");
        assertNoTemporaryFiles();
        assertOthersUntouched();
    }

    @Test
    void aCrashAfterTheTemporaryFileIsWrittenLeavesTheOldFileWhole() throws IOException {
        new AtomicFileWriter(files()).write(target, OLD, MODE_0644);
        AtomicFileWriter crashing = new AtomicFileWriter(files(), new AtomicFileWriter.Steps() {
            @Override
            public void afterTempWritten(Path temp) throws IOException {
                assertEquals(NEW, Files.readString(temp), "the complete new content is on disk before the rename");
                throw new IOException("simulated crash between write and rename");
            }
        });

        IOException e = assertThrows(IOException.class, () -> crashing.write(target, NEW, MODE_0644));

        assertEquals("simulated crash between write and rename", e.getMessage());
        assertEquals(OLD, Files.readString(target));
        assertNoTemporaryFiles();
        assertOthersUntouched();
    }

    @Test
    void aFailingRenameLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        new AtomicFileWriter(files()).write(target, OLD, MODE_0644);
        AtomicFileWriter renameFails = new AtomicFileWriter(files(), new AtomicFileWriter.Steps() {
            @Override
            public void rename(HostFiles files, Path temp, Path to) throws IOException {
                throw new java.nio.file.AccessDeniedException(to.toString(), null, "rename refused (simulated)");
            }
        });

        assertThrows(java.nio.file.AccessDeniedException.class, () -> renameFails.write(target, NEW, MODE_0644));

        assertEquals(OLD, Files.readString(target));
        assertNoTemporaryFiles();
        assertOthersUntouched();
    }

    @Test
    void aFailingFirstWriteLeavesNoFileAtAll() throws IOException {
        AtomicFileWriter renameFails = new AtomicFileWriter(files(), new AtomicFileWriter.Steps() {
            @Override
            public void rename(HostFiles files, Path temp, Path to) throws IOException {
                throw new IOException("simulated");
            }
        });

        assertThrows(IOException.class, () -> renameFails.write(target, NEW, MODE_0644));

        assertFalse(Files.exists(target));
        assertNoTemporaryFiles();
        assertOthersUntouched();
    }

    @Test
    void aProcessKilledBetweenWriteAndRenameLeavesTheOldFileAndALeftoverThatIsCleanedUp() throws Exception {
        new AtomicFileWriter(files()).write(target, OLD, MODE_0644);
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> argv = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-XX:TieredStopAtLevel=1", "-cp", classpath, AtomicWriteCrashMain.class.getName(), target.toString(), NEW));
        argv.addAll(crashChildArguments());
        letAnotherProcessConnect();
        Process child = new ProcessBuilder(argv).redirectErrorStream(true).start();
        Path leftover;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            List<String> seen = new ArrayList<>();
            while ((line = out.readLine()) != null && !line.startsWith("TEMP-WRITTEN ")) {
                seen.add(line);
            }
            assertTrue(line != null, "the child never reached the point between write and rename: " + seen);
            leftover = Path.of(line.substring("TEMP-WRITTEN ".length()));
            child.destroyForcibly(); // SIGKILL: no finally block, no shutdown hook runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");

        assertEquals(OLD, Files.readString(target), "the target was never touched");
        assertEquals(NEW, Files.readString(leftover), "the temporary file holds the complete new content");
        assertFalse(leftover.getFileName().toString().endsWith(".exports"), "exportfs would never read the leftover");
        assertTrue(leftover.getFileName().toString().startsWith("."), "hidden");

        List<Path> removed = new AtomicFileWriter(files()).removeLeftovers(target);

        assertEquals(List.of(leftover), removed);
        assertEquals(OLD, Files.readString(target));
        assertNoTemporaryFiles();
        assertOthersUntouched();
    }

    @Test
    void concurrentWritersNeverProduceATruncatedOrMixedFile() throws Exception {
        AtomicFileWriter writer = new AtomicFileWriter(files());
        int writers = 6;
        int writesEach = 40;
        Set<String> versions = new HashSet<>();
        for (int w = 0; w < writers; w++) {
            for (int n = 0; n < writesEach; n++) {
                versions.add(version(w, n));
            }
        }
        writer.write(target, version(0, 0), MODE_0644);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger reads = new AtomicInteger();
        List<String> bad = java.util.Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(writers + 1);
        CountDownLatch start = new CountDownLatch(1);
        Future<?> reader = pool.submit(() -> {
            while (writing.get()) {
                try {
                    String seen = Files.readString(target);
                    reads.incrementAndGet();
                    if (!versions.contains(seen)) {
                        bad.add(seen.length() + " chars: " + seen.substring(0, Math.min(80, seen.length())));
                    }
                } catch (NoSuchFileException e) {
                    bad.add("the file was missing for a moment");
                } catch (IOException e) {
                    bad.add(e.toString());
                }
            }
        });
        List<Future<?>> futures = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int id = w;
            futures.add(pool.submit(() -> {
                start.await();
                for (int n = 0; n < writesEach; n++) {
                    writer.write(target, version(id, n), MODE_0644);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : futures) {
            future.get(120, TimeUnit.SECONDS);
        }
        writing.set(false);
        reader.get(30, TimeUnit.SECONDS);
        pool.shutdown();

        assertEquals(List.of(), bad, "every read saw one complete version");
        assertTrue(reads.get() > 0);
        assertTrue(versions.contains(Files.readString(target)));
        assertNoTemporaryFiles();
        assertOthersUntouched();
    }

    @Test
    void removingLeftoversTouchesOnlyThisWritersTemporaryFiles() throws IOException {
        Path mine = exportsD.resolve(".domstore.exports.98765.tmp");
        Files.writeString(mine, "half");

        assertEquals(List.of(mine), new AtomicFileWriter(files()).removeLeftovers(target));
        assertEquals(List.of(), new AtomicFileWriter(files()).removeLeftovers(target));
        assertOthersUntouched();
    }

    @Test
    void deletingTheFileLeavesTheOthers() throws IOException {
        AtomicFileWriter writer = new AtomicFileWriter(files());
        writer.write(target, OLD, MODE_0644);

        writer.delete(target);
        writer.delete(target);

        assertFalse(Files.exists(target));
        assertOthersUntouched();
    }

    /** About 200 KiB, so that a torn write would show; every version is distinct throughout. */
    private static String version(int writer, int n) {
        String line = "/srv/domstore/nfs/w" + writer + "n" + n + " 10.0.0.1(rw,sync,no_subtree_check)\n";
        return "# writer " + writer + " write " + n + "\n" + line.repeat(200_000 / line.length()) + "# end " + writer + "/" + n + "\n";
    }

    private void assertNoTemporaryFiles() throws IOException {
        try (Stream<Path> entries = Files.list(exportsD)) {
            List<String> temps = entries.map(p -> p.getFileName().toString())
                    .filter(name -> name.startsWith(".domstore.exports.") && name.endsWith(".tmp")).toList();
            assertEquals(List.of(), temps);
        }
    }

    private void assertOthersUntouched() throws IOException {
        assertEquals(othersBefore, snapshotOthers());
    }

    private Map<String, String> snapshotOthers() throws IOException {
        Map<String, String> others = new TreeMap<>();
        try (Stream<Path> entries = Files.list(exportsD)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.equals("domstore.exports") || (name.startsWith(".domstore.exports.") && name.endsWith(".tmp"))) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                String content = Files.isSymbolicLink(entry) ? "-> " + Files.readSymbolicLink(entry) : Files.readString(entry);
                others.put(name, content + " | " + attributes.fileKey() + " | " + attributes.lastModifiedTime());
            }
        }
        assertTrue(others.size() >= 6, others.toString());
        return others;
    }

}
