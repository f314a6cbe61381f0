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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.ExportsApplied;
import dev.domstore.hostexec.HostCommandRunner;
import dev.domstore.hostexec.HostReachability;
import dev.domstore.hostexec.HostUnreachableException;
import dev.domstore.hostexec.LocalHostFiles;
import dev.domstore.nfs.ExportfsStandIn;
import dev.domstore.nfs.directories.ExportDirectories;
import dev.domstore.nfs.exportfs.Exportfs;
import dev.domstore.nfs.files.AppliedState;
import dev.domstore.nfs.files.AtomicFileWriter;
import dev.domstore.nfs.files.ExportsFile;
import dev.domstore.testsupport.LocalQemuGuestAgent;

/**
 * The NFS server as a QEMU guest reached through its guest agent: a real qemu-ga, whose "guest" is
 * this machine, so that what the service did there is checked on disk; stopping the agent is a
 * guest that does not answer. exportfs is the {@link ExportfsStandIn}, run in
 * the "guest" through the agent.
 */
class ExportsApplierOverGuestAgentTest {
    private static final String HOST = "nfs-guest";

    @TempDir
    Path temp;
    Path exportsD;
    Path exportsFile;
    Path root;
    Path stateFile;
    Path existingDir;
    Path fake;
    LocalQemuGuestAgent agent;
    HostCommandRunner runner;

    @BeforeEach
    void aGuestWithAnotherExportsFile() throws IOException {
        exportsD = Files.createDirectories(temp.resolve("etc").resolve("exports.d"));
        exportsFile = exportsD.resolve("domstore.exports");
        Files.writeString(exportsD.resolve("local.exports"), "/home 192.168.1.0/24(ro,sync)\n");
        root = temp.resolve("srv").resolve("nfs");
        stateFile = temp.resolve("state").resolve("applied-exports.json");
        existingDir = Files.createDirectories(temp.resolve("export").resolve("vm2root"));
        fake = ExportfsStandIn.write(temp.resolve("fake"));
        Files.writeString(temp.resolve("fake").resolve("listing"), "");
        agent = LocalQemuGuestAgent.start(temp.resolve("agent"));
        runner = HostCommandRunner.overGuestAgent(agent.socket(), Duration.ofSeconds(30), Map.of());
    }

    @AfterEach
    void stopTheAgent() {
        runner.close();
        agent.close();
    }

    @Test
    void appliesInTheGuestAndLooksForExportfsThere() throws IOException {
        ExportsApplied applied = assertInstanceOf(ExportsApplied.class, applier().apply(command(1)));

        assertEquals(1, applied.appliedRevision());
        String file = Files.readString(exportsFile);
        assertTrue(file.contains(vm1() + " 10.0.0.1(rw,sync,no_root_squash,no_subtree_check)\n"), file);
        assertTrue(file.contains(existingDir + " vm2.example.com(ro,sync,no_subtree_check)\n"), file);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(exportsFile)));
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(vm1()))));
        assertEquals("/home 192.168.1.0/24(ro,sync)\n", Files.readString(exportsD.resolve("local.exports")), "never touched");
        assertEquals(List.of("-ra", "-v"), ExportfsStandIn.calls(temp.resolve("fake")));
        assertTrue(Files.readString(stateFile).contains("\"revision\":1"), "the state is the service's own, on this machine");

        Exportfs.Availability there = new Exportfs(fake.toString(), runner).availability();
        assertTrue(there.available(), there.detail());
        assertEquals(fake.toString(), there.detail());
        Exportfs.Availability byName = new Exportfs("domstore-no-such-exportfs", runner).availability();
        assertFalse(byName.available());
        assertEquals("exportfs not found on the managed host in /usr/sbin:/usr/bin:/sbin:/bin: install the NFS server "
                + "(Debian: nfs-kernel-server)", byName.detail());
    }

    @Test
    void aCommandForAGuestThatDoesNotAnswerWaitsAndIsAppliedOnceItDoes() throws Exception {
        Path leftover = Files.writeString(exportsD.resolve(".domstore.exports.1234.tmp"), "half a file");
        ExportsApplier applier = applier();
        ApplyExports command = command(1);
        agent.stop();

        applier.recover();
        assertTrue(Files.exists(leftover), "not removed: the guest did not answer, and recovery did not fail the start");
        Exportfs.Availability away = new Exportfs(fake.toString(), runner).availability();
        assertFalse(away.available());
        assertTrue(away.detail().startsWith("cannot look for exportfs on the managed host: The guest agent at " + agent.socket()),
                away.detail());
        assertThrows(HostUnreachableException.class, applier::report);
        assertThrows(HostUnreachableException.class, () -> applier.apply(command));
        assertFalse(Files.exists(exportsFile));
        assertFalse(Files.exists(stateFile));

        HostReachability reachability = new HostReachability(Duration.ofMillis(100), Duration.ofMillis(400));
        CompletableFuture<CommandResult> result = CompletableFuture.supplyAsync(() -> reachability.retryUntilReachable(HOST, "a test",
                () -> applier.apply(command)));
        Thread.sleep(1500);
        assertFalse(result.isDone(), "still waiting for the guest");
        assertTrue(reachability.unreachableFor(HOST).isPresent());
        agent.start();

        ExportsApplied applied = assertInstanceOf(ExportsApplied.class, result.get(60, TimeUnit.SECONDS));
        assertEquals(1, applied.appliedRevision());
        assertTrue(reachability.unreachableFor(HOST).isEmpty());
        assertTrue(Files.readString(exportsFile).contains(vm1()));
        assertTrue(Files.readString(stateFile).contains("\"revision\":1"));
        assertFalse(Files.exists(leftover), "the leftover was looked for again before the command");
        assertEquals(List.of("-ra", "-v"), ExportfsStandIn.calls(temp.resolve("fake")));
        assertNull(applier.report().error());
    }

    private ExportsApplier applier() {
        return new ExportsApplier(HOST, root.toString(), new Exportfs(fake.toString(), runner),
                new ExportsFile(exportsFile, new AtomicFileWriter(runner.files())),
                new AppliedState(stateFile, new AtomicFileWriter(LocalHostFiles.INSTANCE)), new ExportDirectories(root, runner));
    }

    private String vm1() {
        return root.resolve("vm1root").toString();
    }

    private ApplyExports command(long revision) {
        return new ApplyExports(UUID.randomUUID(), HOST, Instant.now(), revision, List.of(
                new ApplyExports.Export(UUID.randomUUID(), vm1(), List.of(ExportClient.parse("c", "10.0.0.1(rw,no_root_squash)", false)),
                        true, null),
                new ApplyExports.Export(UUID.randomUUID(), existingDir.toString(), List.of(new ExportClient("VM2.example.com",
                        List.of("ro"), false)), false, null)));
    }
}
