package dev.domstore.nfs.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.common.FailureReason;
import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.exports.ExportInForce;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.ExportsApplied;
import dev.domstore.common.messages.ExportsApplyFailed;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.hostexec.HostUnreachableException;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.nfs.ExportfsStandIn;
import dev.domstore.nfs.SometimesUnreachableRunner;
import dev.domstore.nfs.directories.ExportDirectories;
import dev.domstore.nfs.exportfs.Exportfs;
import dev.domstore.nfs.files.AppliedState;
import dev.domstore.nfs.files.AtomicFileWriter;
import dev.domstore.nfs.files.ExportsFile;

/**
 * ApplyExports from command to result, with the exports file, the state file and the directories
 * in a temporary directory. This machine has no nfs-utils, so the exportfs these tests run is the
 * {@link ExportfsStandIn} (it records its argv, fails when told to, prints a prepared
 * `exportfs -v` listing); a missing exportfs is the real thing. The real exportfs runs in the QEMU lab.
 */
class ExportsApplierTest {
    private static final String HOST = "nfs-test";
    private static final String RW_NO_ROOT_SQUASH = "(sync,wdelay,hide,no_subtree_check,sec=sys,rw,secure,no_root_squash,no_all_squash)";
    private static final String RO = "(sync,wdelay,hide,no_subtree_check,sec=sys,ro,secure,root_squash,no_all_squash)";

    @TempDir
    Path temp;
    Path exportsD;
    Path exportsFile;
    Path otherExports;
    Path root;
    Path stateFile;
    Path fake;
    Path existingDir;
    SometimesUnreachableRunner runner;

    @BeforeEach
    void aServerWithAnotherExportsFile() throws IOException {
        exportsD = Files.createDirectories(temp.resolve("etc").resolve("exports.d"));
        exportsFile = exportsD.resolve("domstore.exports");
        otherExports = exportsD.resolve("local.exports");
        Files.writeString(otherExports, "/home 192.168.1.0/24(ro,sync)\n");
        root = temp.resolve("srv").resolve("nfs");
        stateFile = temp.resolve("state").resolve("applied-exports.json");
        existingDir = Files.createDirectories(temp.resolve("export").resolve("vm2root"));
        fake = ExportfsStandIn.write(temp.resolve("fake"));
        runner = new SometimesUnreachableRunner();
    }

    @Test
    void appliesTheSetWritesTheFileMakesTheDirectoryAndReadsBackWhatIsInForce() throws IOException {
        ApplyExports command = command(1, vm1(true), vm2());
        listing(vm1Path() + "\n\t\t10.0.0.1" + RW_NO_ROOT_SQUASH + "\n" + existingDir + "\n\t\tvm2.example.com" + RO + "\n"
                + "/home         \t192.168.1.0/24" + RO + "\n");

        ExportsApplied applied = assertInstanceOf(ExportsApplied.class, applier().apply(command));

        assertEquals(1, applied.revision());
        assertEquals(1, applied.appliedRevision());
        assertFalse(applied.superseded());
        assertEquals(command.commandId(), applied.commandId());
        assertEquals(HOST, applied.hostId());
        assertEquals(List.of(new ExportInForce(vm1Path(), "10.0.0.1", List.of(RW_NO_ROOT_SQUASH.replaceAll("[()]", "").split(","))),
                new ExportInForce(existingDir.toString(), "vm2.example.com", List.of(RO.replaceAll("[()]", "").split(",")))),
                applied.exportsInForce(), "only the set's paths; /home is not domstore's");
        // Paths in order, canonical specs, sync and no_subtree_check written out.
        assertEquals("# Managed by domstore nfs-service: every ApplyExports replaces this whole file. Do not edit it;\n"
                + "# change the exports through domstore. Other files under /etc/exports.d/ and /etc/exports are not domstore's.\n"
                + "# revision 1, command " + command.commandId() + "\n"
                + existingDir + " vm2.example.com(ro,sync,no_subtree_check)\n"
                + vm1Path() + " 10.0.0.1(rw,sync,no_root_squash,no_subtree_check)\n", Files.readString(exportsFile));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(exportsFile)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(vm1Path()))));
        assertEquals("/home 192.168.1.0/24(ro,sync)\n", Files.readString(otherExports), "never touched");
        assertEquals(List.of("-ra", "-v"), calls());
        assertTrue(Files.readString(stateFile).contains("\"revision\":1"));
    }

    @Test
    void anOlderRevisionIsIgnoredAndTheSameOneIsAppliedAgain() throws IOException {
        ExportsApplier applier = applier();
        listing("");
        assertInstanceOf(ExportsApplied.class, applier.apply(command(5, vm1(true))));
        String fileAtFive = Files.readString(exportsFile);

        ExportsApplied stale = assertInstanceOf(ExportsApplied.class, applier.apply(command(4, vm2())));

        assertEquals(4, stale.revision());
        assertEquals(5, stale.appliedRevision());
        assertTrue(stale.superseded());
        assertEquals(fileAtFive, Files.readString(exportsFile), "a stale command changes nothing");
        assertEquals(List.of("-ra", "-v", "-v"), calls(), "no -ra for the stale command");

        ExportsApplied again = assertInstanceOf(ExportsApplied.class, applier.apply(command(5, vm1(true), vm2())));
        assertEquals(5, again.appliedRevision());
        assertTrue(Files.readString(exportsFile).contains(existingDir.toString()));
        assertEquals(List.of("-ra", "-v", "-v", "-ra", "-v"), calls());
    }

    @Test
    void anInvalidCommandIsRefusedByFieldAndChangesNothing() throws IOException {
        ApplyExports.Export worldRoot = new ApplyExports.Export(UUID.randomUUID(), vm1Path(),
                List.of(new ExportClient("*", List.of("rw", "no_root_squash"), false)), true, null);

        ExportsApplyFailed failed = assertInstanceOf(ExportsApplyFailed.class, applier().apply(command(1, vm2(), worldRoot)));

        assertEquals(FailureReason.INVALID_ARGUMENT, failed.reason());
        assertTrue(failed.message().startsWith("The command is invalid at exports[1].clients[0]: 'no_root_squash' for *"), failed.message());
        assertEquals(1, failed.revision());
        assertFalse(Files.exists(exportsFile));
        assertFalse(Files.exists(Path.of(vm1Path())));
        assertFalse(Files.exists(stateFile));
        assertEquals(List.of(), calls());
    }

    @Test
    void aDirectoryIsOnlyMadeBelowTheExportRoot() {
        ApplyExports.Export outside = new ApplyExports.Export(UUID.randomUUID(), temp.resolve("elsewhere").toString(),
                List.of(ExportClient.parse("c", "10.0.0.1(rw)", false)), true, null);

        ExportsApplyFailed failed = assertInstanceOf(ExportsApplyFailed.class, applier().apply(command(1, outside)));

        assertEquals(FailureReason.INVALID_ARGUMENT, failed.reason());
        assertTrue(failed.message().contains("exports[0].path"), failed.message());
        assertTrue(failed.message().contains("is not under the export root " + root), failed.message());
        assertFalse(Files.exists(temp.resolve("elsewhere")));
    }

    @Test
    void nullsInAMessageAreRefusedByName() {
        List<ApplyExports.Export> exports = new ArrayList<>();
        exports.add(vm2());
        exports.add(null);

        ExportsApplyFailed failed = assertInstanceOf(ExportsApplyFailed.class,
                applier().apply(new ApplyExports(UUID.randomUUID(), HOST, Instant.now(), 1, exports)));

        assertTrue(failed.message().startsWith("The command is invalid at exports[1]: "), failed.message());
    }

    @Test
    void aCommandForAnotherHostIsRefused() {
        ExportsApplyFailed failed = assertInstanceOf(ExportsApplyFailed.class,
                applier().apply(new ApplyExports(UUID.randomUUID(), "nfs-other", Instant.now(), 1, List.of(vm2()))));

        assertEquals(FailureReason.INVALID_ARGUMENT, failed.reason());
        assertTrue(failed.message().contains("hostId"), failed.message());
    }

    @Test
    void aMissingDirectoryThatMayNotBeMadeFailsWithNothingWritten() throws IOException {
        Files.delete(existingDir);

        ExportsApplyFailed failed = assertInstanceOf(ExportsApplyFailed.class, applier().apply(command(1, vm1(true), vm2())));

        assertEquals(FailureReason.NOT_FOUND, failed.reason());
        assertTrue(failed.message().contains(existingDir + " does not exist"), failed.message());
        assertFalse(Files.exists(exportsFile));
        assertFalse(Files.exists(Path.of(vm1Path())));
        assertEquals(List.of(), calls());
    }

    @Test
    void whenExportfsFailsThePreviousFileIsPutBackAndReexported() throws IOException {
        ExportsApplier applier = applier();
        listing("");
        assertInstanceOf(ExportsApplied.class, applier.apply(command(1, vm2())));
        String fileAtOne = Files.readString(exportsFile);
        String stateAtOne = Files.readString(stateFile);
        Files.writeString(temp.resolve("fake").resolve("fail-ra"), "exportfs: /etc/exports:2: unknown keyword \"bogusopt\"\n");

        ExportsApplyFailed failed = assertInstanceOf(ExportsApplyFailed.class, applier.apply(command(2, vm1(true), vm2())));

        assertEquals(FailureReason.INVALID_ARGUMENT, failed.reason());
        assertTrue(failed.message().startsWith("exportfs failed, so revision 2 is not in force: '" + fake + " -ra' failed with exit "
                + "code 1: exportfs: /etc/exports:2: unknown keyword \"bogusopt\""), failed.message());
        assertTrue(failed.message().contains("The previous exports file (revision 1) was put back."), failed.message());
        assertTrue(failed.message().contains("Re-exporting it failed as well"), failed.message());
        assertEquals(fileAtOne, Files.readString(exportsFile));
        assertEquals(stateAtOne, Files.readString(stateFile), "revision 1 is still the applied one");
        assertEquals(List.of("-ra", "-v", "-ra", "-ra"), calls(), "the failed -ra, then -ra of the restored file");
        assertEquals("/home 192.168.1.0/24(ro,sync)\n", Files.readString(otherExports));
    }

    @Test
    void whenExportfsIsMissingTheFailureSaysSoAndNoExportsFileIsLeft() throws IOException {
        Path missing = temp.resolve("no-nfs-utils").resolve("exportfs");
        ExportsApplier applier = applier(missing.toString());

        ExportsApplyFailed failed = assertInstanceOf(ExportsApplyFailed.class, applier.apply(command(1, vm1(true), vm2())));

        assertEquals(FailureReason.NOT_FOUND, failed.reason());
        assertTrue(failed.message().startsWith("exportfs is missing on this host, so revision 1 is not in force: '" + missing
                + " -ra' could not be started: Cannot run program \"" + missing + "\""), failed.message());
        assertTrue(failed.message().contains("Install the NFS server (Debian: nfs-kernel-server)"), failed.message());
        assertTrue(failed.message().endsWith("The exports file was removed again, as there was none before."), failed.message());
        assertFalse(Files.exists(exportsFile));
        assertFalse(Files.exists(stateFile));
        assertTrue(Files.isDirectory(Path.of(vm1Path())), "the directory stays: making it again would do nothing");
        assertEquals("/home 192.168.1.0/24(ro,sync)\n", Files.readString(otherExports));
    }

    @Test
    void theReportComparesTheAppliedSetWithWhatIsInForce() throws IOException {
        ExportsApplier applier = applier();
        listing("");
        applier.apply(command(3, vm1(true), vm2()));
        // In force: vm1 read-only (options differ), vm2 absent (missing), the world on vm1 (unexpected).
        listing(vm1Path() + "\n\t\t10.0.0.1" + RO + "\n" + vm1Path() + "\n\t\t<world>" + RW_NO_ROOT_SQUASH + "\n");

        ExportsReport report = applier.report();

        assertEquals(3L, report.appliedRevision());
        assertNull(report.error());
        assertEquals(2, report.exportsInForce().size());
        assertEquals(List.of(existingDir.toString()), report.drift().missing().stream().map(ExportsReport.Difference::path).toList());
        assertEquals(List.of("*"), report.drift().unexpected().stream().map(ExportsReport.Difference::host).toList());
        assertEquals(List.of("10.0.0.1"), report.drift().optionsDiffer().stream().map(ExportsReport.Difference::host).toList());
    }

    @Test
    void theReportSaysWhyNothingCouldBeReadWhenExportfsIsMissing() {
        ExportsReport report = applier(temp.resolve("none").resolve("exportfs").toString()).report();

        assertNull(report.appliedRevision());
        assertTrue(report.error().startsWith("Cannot read the exports in force: '"), report.error());
        assertTrue(report.error().contains("could not be started"), report.error());
        assertEquals(List.of(), report.exportsInForce());
        assertFalse(report.drift().any());
    }

    @Test
    void recoveryRemovesOnlyLeftoversOfTheExportsFile() throws IOException {
        Path leftover = exportsD.resolve(".domstore.exports.1234.tmp");
        Files.writeString(leftover, "half a file");

        applier().recover();

        assertFalse(Files.exists(leftover));
        assertTrue(Files.exists(otherExports));
    }

    @Test
    void aHostThatStopsAnsweringAtExportfsGetsNeitherAResultNorANewRevisionAndTheRetryKnowsTheTruePreviousFile() throws IOException {
        ExportsApplier applier = applier();
        listing("");
        assertInstanceOf(ExportsApplied.class, applier.apply(command(1, vm2())));
        String fileAtOne = Files.readString(exportsFile);
        String stateAtOne = Files.readString(stateFile);
        ApplyExports two = command(2, vm1(true), vm2());

        runner.unreachableFor(argv -> argv.contains("-ra"));
        assertThrows(HostUnreachableException.class, () -> applier.apply(two), "no result: neither applied nor failed");

        assertEquals(stateAtOne, Files.readString(stateFile), "revision 1 is still the applied one");
        assertTrue(Files.readString(exportsFile).contains(vm1Path()), "the file was replaced before the host went away");
        assertEquals(List.of("-ra", "-v"), calls(), "exportfs did not run for revision 2");

        // The host answers again, and exportfs now refuses the set: the file of revision 1 is put back, not the half-applied one.
        runner.answers();
        Files.writeString(temp.resolve("fake").resolve("fail-ra"), "exportfs: /etc/exports:2: unknown keyword \"bogusopt\"\n");
        ExportsApplyFailed failed = assertInstanceOf(ExportsApplyFailed.class, applier.apply(two));

        assertTrue(failed.message().contains("The previous exports file (revision 1) was put back."), failed.message());
        assertEquals(fileAtOne, Files.readString(exportsFile));
        assertEquals(stateAtOne, Files.readString(stateFile));

        Files.delete(temp.resolve("fake").resolve("fail-ra"));
        ExportsApplied applied = assertInstanceOf(ExportsApplied.class, applier.apply(two));
        assertEquals(2, applied.appliedRevision());
        assertTrue(Files.readString(exportsFile).contains(vm1Path()));
    }

    @Test
    void aHostThatStopsAnsweringAfterTheRevisionWasAppliedGetsItAppliedAgain() throws IOException {
        ExportsApplier applier = applier();
        listing("");
        ApplyExports one = command(1, vm2());
        runner.unreachableFor(argv -> argv.contains("-v"));

        assertThrows(HostUnreachableException.class, () -> applier.apply(one), "exportfs -v, the read-back, did not answer");
        assertTrue(Files.readString(stateFile).contains("\"revision\":1"), "exportfs -ra had succeeded: revision 1 is in force");
        String fileAtOne = Files.readString(exportsFile);

        runner.answers();
        assertEquals(1, assertInstanceOf(ExportsApplied.class, applier.apply(one)).appliedRevision(), "the same revision, again");
        // A later failure puts back revision 1's file: the one in force, not what was there before the interrupted apply.
        Files.writeString(temp.resolve("fake").resolve("fail-ra"), "exportfs: bad\n");
        assertInstanceOf(ExportsApplyFailed.class, applier.apply(command(2, vm1(true), vm2())));
        assertEquals(fileAtOne, Files.readString(exportsFile));
    }

    @Test
    void aHostThatDoesNotAnswerGetsNoReportAndNoFailure() throws IOException {
        ExportsApplier applier = applier();
        runner.unreachableFor(argv -> true);

        assertThrows(HostUnreachableException.class, applier::report);
        assertEquals(FailureReason.INTERNAL, assertThrows(HostUnreachableException.class, () -> applier.apply(command(1, vm2()))).reason());
        assertFalse(Files.exists(stateFile));

        runner.answers();
        listing("");
        assertInstanceOf(ExportsApplied.class, applier.apply(command(1, vm2())));
        assertNull(applier.report().error());
    }

    private ExportsApplier applier() {
        return applier(fake.toString());
    }

    private ExportsApplier applier(String exportfs) {
        return new ExportsApplier(HOST, root.toString(), new Exportfs(exportfs, runner), new ExportsFile(exportsFile, new AtomicFileWriter(runner.files())),
                new AppliedState(stateFile, new AtomicFileWriter(LocalHostFiles.INSTANCE)), new ExportDirectories(root, runner));
    }

    private String vm1Path() {
        return root.resolve("vm1root").toString();
    }

    private ApplyExports.Export vm1(boolean create) {
        return new ApplyExports.Export(UUID.nameUUIDFromBytes("vm1".getBytes()), vm1Path(),
                List.of(ExportClient.parse("c", "10.0.0.1(rw,no_root_squash)", false)), create, null);
    }

    private ApplyExports.Export vm2() {
        return new ApplyExports.Export(UUID.nameUUIDFromBytes("vm2".getBytes()), existingDir.toString(),
                List.of(new ExportClient("VM2.example.com", List.of("ro"), false)), false, null);
    }

    private static ApplyExports command(long revision, ApplyExports.Export... exports) {
        return new ApplyExports(UUID.randomUUID(), HOST, Instant.now(), revision, List.of(exports));
    }

    private void listing(String text) throws IOException {
        Files.writeString(temp.resolve("fake").resolve("listing"), text);
    }

    private List<String> calls() throws IOException {
        return ExportfsStandIn.calls(temp.resolve("fake"));
    }
}
