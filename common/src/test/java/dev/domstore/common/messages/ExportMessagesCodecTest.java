package dev.domstore.common.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.domstore.common.FailureReason;
import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.exports.ExportInForce;
import dev.domstore.common.exports.ExportOptions;

/** The NFS export messages against their golden files, like {@link MessageCodecTest} does for the volume messages. */
class ExportMessagesCodecTest {
    private static final UUID COMMAND = UUID.fromString("6f1c2b9e-4d0a-4a53-9a57-3b8f7c1d2e01");
    private static final UUID VOLUME = UUID.fromString("0b8e8c4c-2f6a-4e1e-8d0e-5a1f9c3b7d02");
    private static final UUID VOLUME_2 = UUID.fromString("5d2c1b0a-9e8f-4a7b-8c6d-0e1f2a3b4c05");
    private static final UUID MESSAGE = UUID.fromString("a3d5e7f9-1b2c-4d6e-8f0a-1c3e5a7b9d03");
    private static final Instant AT = Instant.parse("2026-11-26T09:15:30.123Z");
    private static final List<String> EXPORTFS_RW = List.of("sync", "wdelay", "hide", "no_subtree_check", "sec=sys", "rw", "secure",
            "no_root_squash", "no_all_squash");
    private static final List<String> EXPORTFS_RO = List.of("sync", "wdelay", "hide", "no_subtree_check", "sec=sys", "ro", "secure",
            "root_squash", "no_all_squash");

    static ApplyExports applyExports() {
        return new ApplyExports(COMMAND, "nfs-a", AT, 7, List.of(
                new ApplyExports.Export(VOLUME, "/srv/domstore/nfs/vm1root",
                        List.of(ExportClient.parse("clients[0]", "1.2.3.4/24(rw,sync,no_root_squash)", true)), true,
                        "/srv/templates/debian-root"),
                new ApplyExports.Export(VOLUME_2, "/export/vm2root", List.of(
                        ExportClient.parse("clients[0]", "vm2.example.com(rw,no_root_squash)", false),
                        ExportClient.parse("clients[1]", "2001:DB8::/32(ro)", false)), false, null)));
    }

    static Stream<Arguments> messages() {
        List<String> expected = ExportOptions.effective(List.of("rw", "sync", "no_root_squash", "no_subtree_check"));
        return Stream.of(
                Arguments.of("ApplyExports.json", Command.class, applyExports()),
                Arguments.of("ExportsApplied.json", CommandResult.class, new ExportsApplied(MESSAGE, COMMAND, "nfs-a", AT, 7, 7,
                        List.of(new ExportInForce("/srv/domstore/nfs/vm1root", "1.2.3.4/24", EXPORTFS_RW)))),
                Arguments.of("ExportsApplyFailed.json", CommandResult.class, new ExportsApplyFailed(MESSAGE, COMMAND, "nfs-a", AT, 7,
                        FailureReason.NOT_FOUND, "exportfs failed: 'exportfs -ra' could not be started: Cannot run program "
                                + "\"exportfs\": error=2, No such file or directory")),
                // What the host captures show after the manual's mistake (exportfs-v-02-space-mistake.txt), against the intended export.
                Arguments.of("ExportsReport.json", ExportsReport.class, new ExportsReport(MESSAGE, "nfs-a", AT, 7L,
                        List.of(new ExportInForce("/export/x", "1.2.3.4/24", EXPORTFS_RO), new ExportInForce("/export/x", "*", EXPORTFS_RW)),
                        new ExportsReport.Drift(List.of(),
                                List.of(new ExportsReport.Difference("/export/x", "*", null, ExportOptions.effectiveAsReported(EXPORTFS_RW))),
                                List.of(new ExportsReport.Difference("/export/x", "1.2.3.4/24", expected,
                                        ExportOptions.effectiveAsReported(EXPORTFS_RO)))),
                        null, "/srv/domstore/nfs")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    <T extends Versioned> void writesTheGoldenForm(String golden, Class<T> readAs, T message) throws IOException {
        ObjectMapper plain = new ObjectMapper();
        assertEquals(plain.readTree(golden(golden)), plain.readTree(MessageCodec.toJson(message)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    <T extends Versioned> void readsTheGoldenForm(String golden, Class<T> readAs, T message) throws IOException {
        assertEquals(message, MessageCodec.fromJson(golden(golden), readAs));
        assertEquals(message, MessageCodec.fromJson(MessageCodec.toJson(message), readAs));
    }

    @Test
    void anExportCommandActsOnTheHostsExportSetAndItsResultsSayWhich() {
        ApplyExports command = applyExports();
        ExportsApplied applied = new ExportsApplied(MESSAGE, COMMAND, "nfs-a", AT, 7, 7, List.of());
        ExportsApplyFailed failed = new ExportsApplyFailed(MESSAGE, COMMAND, "nfs-a", AT, 7, FailureReason.INTERNAL, "x");

        assertEquals(ApplyExports.exportSetId("nfs-a"), command.volumeId());
        assertEquals(command.volumeId(), applied.volumeId());
        assertEquals(command.volumeId(), failed.volumeId());
        assertNotEquals(ApplyExports.exportSetId("nfs-b"), command.volumeId());
        assertFalse(MessageCodec.toJson(command).contains("volumeId\":\"" + command.volumeId()), "the set's id is not on the wire");
    }

    @Test
    void aSupersededCommandIsRecognisable() {
        assertTrue(new ExportsApplied(MESSAGE, COMMAND, "nfs-a", AT, 6, 7, List.of()).superseded());
        assertFalse(new ExportsApplied(MESSAGE, COMMAND, "nfs-a", AT, 7, 7, List.of()).superseded());
    }

    @Test
    void aReportWithoutDriftOrWithAnErrorReadsBack() {
        ExportsReport unreadable = new ExportsReport(MESSAGE, "nfs-a", AT, null, null, null,
                "'exportfs -v' could not be started: No such file or directory", null);

        assertEquals(ExportsReport.Drift.NONE, unreadable.drift());
        assertFalse(unreadable.drift().any());
        assertEquals(unreadable, MessageCodec.fromJson(MessageCodec.toJson(unreadable), ExportsReport.class));
        assertFalse(MessageCodec.toJson(unreadable).contains("appliedRevision"));
    }

    @Test
    void aCommandWithNullsStillReadsSoThatTheServiceCanRefuseItByName() {
        String json = "{\"type\":\"ApplyExports\",\"version\":1,\"commandId\":\"" + COMMAND + "\",\"hostId\":\"nfs-a\","
                + "\"occurredAt\":\"2026-11-26T09:15:30.123Z\",\"revision\":3,\"exports\":[null,{\"path\":\"/srv/x\","
                + "\"clients\":[null,{\"host\":\"*\",\"options\":[null]}]}]}";

        ApplyExports command = assertInstanceOf(ApplyExports.class, MessageCodec.fromJson(json, Command.class));

        List<ApplyExports.Export> expected = new ArrayList<>();
        expected.add(null);
        assertEquals(2, command.exports().size());
        assertEquals(expected.get(0), command.exports().get(0));
        assertEquals(2, command.exports().get(1).clients().size());
        assertEquals(1, command.exports().get(1).clients().get(1).options().size());
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = ExportMessagesCodecTest.class.getResourceAsStream("/golden/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
