package dev.domstore.nfs.directories;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.common.FailureReason;
import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostOperationException;

/**
 * Real directories and a real cp -a under a temporary export root, here on this machine; {@link
 * ExportDirectoriesOverGuestAgentTest} runs the same through a real qemu-guest-agent.
 */
class ExportDirectoriesTest {
    private static final String RWX_R_X_R_X = "rwxr-xr-x";

    @TempDir
    Path temp;
    Path root;
    ExportDirectories directories;

    /** The runners a test made, closed after it: a guest agent serves one connection at a time. */
    final List<HostCommandRunner> runners = new ArrayList<>();

    /** The runner of the host the directories are made on. */
    HostCommandRunner runner() {
        return new HostCommandRunner(List.of(), Duration.ofMinutes(1));
    }

    /** The same host, where the programs in {@code fakeBin} come first on PATH. */
    HostCommandRunner runnerWithFirstOnPath(Path fakeBin) {
        return new HostCommandRunner(List.of("env", "PATH=" + fakeBin + ":" + System.getenv("PATH")), Duration.ofMinutes(1));
    }

    private HostCommandRunner kept(HostCommandRunner runner) {
        runners.add(runner);
        return runner;
    }

    @AfterEach
    void closeTheRunners() {
        runners.forEach(HostCommandRunner::close);
    }

    @BeforeEach
    void anExportRootNotYetMade() {
        root = temp.resolve("srv").resolve("nfs");
        directories = new ExportDirectories(root, kept(runner()));
    }

    @Test
    void makesTheDirectoryAndItsParentsWithMode0755() throws IOException {
        Path vm1 = root.resolve("tenant-a").resolve("vm1root");

        List<Path> made = directories.prepare(List.of(export(vm1, true, null)));

        assertEquals(List.of(vm1), made);
        for (Path dir : List.of(root, root.resolve("tenant-a"), vm1)) {
            assertEquals(RWX_R_X_R_X, PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)), dir.toString());
        }
        assertEquals(List.of(), directories.prepare(List.of(export(vm1, true, null))), "made once: the second time there is nothing to do");
    }

    @Test
    void populatesFromASourceTreeWithCpA() throws IOException {
        Path source = temp.resolve("template");
        Files.createDirectories(source.resolve("etc"));
        Files.writeString(source.resolve("etc").resolve("hostname"), "vm1\n");
        Files.setPosixFilePermissions(source.resolve("etc").resolve("hostname"), PosixFilePermissions.fromString("rw-------"));
        Files.createSymbolicLink(source.resolve("bin"), Path.of("usr/bin"));
        Files.setPosixFilePermissions(source, PosixFilePermissions.fromString("rwx------"));
        Path vm1 = root.resolve("vm1root");

        directories.prepare(List.of(export(vm1, true, source)));

        assertEquals("vm1\n", Files.readString(vm1.resolve("etc").resolve("hostname")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(vm1.resolve("etc").resolve("hostname"))),
                "cp -a keeps modes");
        assertEquals(Path.of("usr/bin"), Files.readSymbolicLink(vm1.resolve("bin")), "and links as links");
        assertEquals(RWX_R_X_R_X, PosixFilePermissions.toString(Files.getPosixFilePermissions(vm1)), "the export itself is 0755");
        assertNoStaging();

        Files.writeString(vm1.resolve("etc").resolve("hostname"), "changed by the domain\n");
        directories.prepare(List.of(export(vm1, true, source)));
        assertEquals("changed by the domain\n", Files.readString(vm1.resolve("etc").resolve("hostname")), "never copied into again");
    }

    @Test
    void aFailedCopyLeavesNeitherTheExportNorAHalfFilledStagingDirectory() throws IOException {
        Path source = temp.resolve("template");
        Files.createDirectories(source);
        Files.writeString(source.resolve("f"), "x");
        // A cp that dies halfway: it copies part of the tree into the staging directory, then fails.
        Path fakeBin = Files.createDirectories(temp.resolve("fake-bin"));
        Path cp = Files.writeString(fakeBin.resolve("cp"), """
                #!/bin/sh
                # cp -a -- <source>/. <target>
                mkdir -p "$5/half" && echo partial > "$5/half/file"
                echo "cp: error writing '$5/half/file': No space left on device" >&2
                exit 1
                """);
        Files.setPosixFilePermissions(cp, PosixFilePermissions.fromString(RWX_R_X_R_X));
        HostCommandRunner failingRunner = kept(runnerWithFirstOnPath(fakeBin));
        ExportDirectories failing = new ExportDirectories(root, failingRunner);
        Path vm1 = root.resolve("vm1root");

        HostOperationException e = assertThrows(HostOperationException.class, () -> failing.prepare(List.of(export(vm1, true, source))));
        failingRunner.close();

        assertTrue(e.getMessage().contains("cp -a -- " + source + "/."), e.getMessage());
        assertTrue(e.getMessage().contains("No space left on device"), e.getMessage());
        assertFalse(Files.exists(vm1));
        assertNoStaging();

        directories.prepare(List.of(export(vm1, true, source)));
        assertEquals("x", Files.readString(vm1.resolve("f")), "the next attempt starts afresh and succeeds");
    }

    @Test
    void aStagingDirectoryLeftByACrashIsReplaced() throws IOException {
        Path source = temp.resolve("template");
        Files.createDirectories(source);
        Files.writeString(source.resolve("f"), "complete");
        Path staging = root.resolve(".vm1root" + ExportDirectories.STAGING_SUFFIX);
        Files.createDirectories(staging.resolve("half"));
        Files.writeString(staging.resolve("half").resolve("g"), "partial");

        directories.prepare(List.of(export(root.resolve("vm1root"), true, source)));

        assertEquals("complete", Files.readString(root.resolve("vm1root").resolve("f")));
        assertFalse(Files.exists(root.resolve("vm1root").resolve("half")));
        assertNoStaging();
    }

    @Test
    void aMissingDirectoryThatMayNotBeMadeFailsBeforeAnythingChanges() {
        Path elsewhere = temp.resolve("export").resolve("vm2root");
        Path vm1 = root.resolve("vm1root");

        HostOperationException e = assertThrows(HostOperationException.class,
                () -> directories.prepare(List.of(export(vm1, true, null), export(elsewhere, false, null))));

        assertEquals(FailureReason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains(elsewhere + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
        assertFalse(Files.exists(vm1), "the other export's directory was not made either");
    }

    @Test
    void anExistingDirectoryOutsideTheRootIsExportedAsItIs() throws IOException {
        Path existing = Files.createDirectories(temp.resolve("export").resolve("vm2root"));

        assertEquals(List.of(), directories.prepare(List.of(export(existing, false, null))));
    }

    @Test
    void aSymbolicLinkLeadingOutOfTheRootIsRefused() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        Files.createDirectories(root);
        Files.createSymbolicLink(root.resolve("escape"), outside);

        HostOperationException e = assertThrows(HostOperationException.class,
                () -> directories.prepare(List.of(export(root.resolve("escape").resolve("vm1root"), true, null))));

        assertEquals(FailureReason.INVALID_ARGUMENT, e.reason());
        assertTrue(e.getMessage().contains("leads out of the export root"), e.getMessage());
        try (Stream<Path> inside = Files.list(outside)) {
            assertEquals(0, inside.count());
        }
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsAConflict() throws IOException {
        Files.createDirectories(root);
        Files.writeString(root.resolve("vm1root"), "not a directory");

        assertEquals(FailureReason.CONFLICT, assertThrows(HostOperationException.class,
                () -> directories.prepare(List.of(export(root.resolve("vm1root"), true, null)))).reason());
    }

    @Test
    void aMissingSourceIsNotFound() {
        HostOperationException e = assertThrows(HostOperationException.class,
                () -> directories.prepare(List.of(export(root.resolve("vm1root"), true, temp.resolve("no-template")))));

        assertEquals(FailureReason.NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("populateFrom"), e.getMessage());
    }

    private void assertNoStaging() throws IOException {
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(List.of(), entries.filter(p -> p.getFileName().toString().endsWith(ExportDirectories.STAGING_SUFFIX)).toList());
        }
    }

    private static ApplyExports.Export export(Path path, boolean create, Path populateFrom) {
        return new ApplyExports.Export(UUID.randomUUID(), path.toString(),
                List.of(ExportClient.parse("clients[0]", "10.0.0.1(rw)", false)), create, populateFrom == null ? null : populateFrom.toString());
    }
}
