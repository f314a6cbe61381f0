package dev.domstore.nfs.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.domstore.common.FailureReason;
import dev.domstore.common.Filesystem;
import dev.domstore.common.KafkaGrants;
import dev.domstore.common.Topics;
import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.ExportsApplyFailed;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.Versioned;
import dev.domstore.nfs.NfsInfrastructure;
import dev.domstore.nfs.TemporaryNfsPaths;
import dev.domstore.nfs.config.NfsConfig;
import dev.domstore.nfs.exportfs.Exportfs;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaInspection;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.Prerequisites;
import dev.domstore.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The nfs-service against a real Kafka broker: what the inventory would see. */
@QuarkusTest
@WithTestResource(value = NfsInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryNfsPaths.class, scope = TestResourceScope.GLOBAL)
class NfsMessagingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    NfsConfig config;

    @Inject
    Exportfs exportfs;

    @ConfigProperty(name = "mp.messaging.incoming.commands.group.id")
    String commandsGroup;

    @Test
    void withoutExportfsTheResultSaysExportfsIsMissingAndNoExportsFileIsLeft() throws IOException {
        Prerequisites.require(NfsMessagingTest.class, exportfs.locate().isEmpty(), "this test covers a server without exportfs, and "
                + exportfs.locate().map(Object::toString).orElse("") + " is installed here (running the real one is the QEMU lab's job)");
        Path vm1 = Path.of(config.exportRoot(), "vm-" + UUID.randomUUID().toString().substring(0, 8));
        ApplyExports command = new ApplyExports(UUID.randomUUID(), config.hostId(), Instant.now(), 1, List.of(
                new ApplyExports.Export(UUID.randomUUID(), vm1.toString(),
                        List.of(ExportClient.parse("clients[0]", "10.0.0.1(rw,no_root_squash)", false)), true, null)));

        publishCommand(config.hostId(), command);

        ExportsApplyFailed failed = awaitResult(command.commandId(), ExportsApplyFailed.class);
        assertEquals(FailureReason.NOT_FOUND, failed.reason());
        assertEquals(config.hostId(), failed.hostId());
        assertEquals(1, failed.revision());
        assertTrue(failed.message().startsWith("exportfs is missing on this host, so revision 1 is not in force: 'exportfs -ra' "
                + "could not be started: Cannot run program \"exportfs\""), failed.message());
        assertTrue(failed.message().contains("Install the NFS server (Debian: nfs-kernel-server)"), failed.message());
        assertFalse(Files.exists(Path.of(config.exportsFile())), "the exports file was removed again");
        assertFalse(Files.exists(Path.of(config.stateFile())), "nothing recorded as applied");
        assertTrue(Files.isDirectory(vm1), "the directory was made under the export root");
        assertEquals(TemporaryNfsPaths.OTHER_EXPORTS, Files.readString(TemporaryNfsPaths.exportsD().resolve("local.exports")));
    }

    @Test
    void anInvalidCommandFailsAndNamesTheField() {
        ApplyExports command = worldWithRoot(config.hostId());

        publishCommand(config.hostId(), command);

        ExportsApplyFailed failed = awaitResult(command.commandId(), ExportsApplyFailed.class);
        assertEquals(FailureReason.INVALID_ARGUMENT, failed.reason());
        assertTrue(failed.message().startsWith("The command is invalid at exports[0].clients[0]: 'no_root_squash' for *"), failed.message());
    }

    @Test
    void otherHostsCommandsTheAgentsCommandsAndUnreadableOnesAreSkippedWithoutHoldingUpTheNext() {
        ApplyExports forOtherHost = worldWithRoot("nfs-other-7");
        ApplyExports misaddressed = worldWithRoot("nfs-other-7");
        CreateVolume agents = CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), config.hostId(), Instant.now(), "vm1disk",
                64L << 20, Filesystem.EXT4, "/var/lib/domstore/images/vm1disk", null);
        ApplyExports mine = worldWithRoot(config.hostId());

        publishCommand("nfs-other-7", forOtherHost);
        publishCommand(config.hostId(), misaddressed);
        publishCommand(config.hostId(), agents);
        KafkaTestClient.send(inventory(), Topics.ofHost(Topics.COMMANDS, config.hostId()), config.hostId(), "{\"type\":\"ApplyExports\", not json");
        KafkaTestClient.send(inventory(), Topics.ofHost(Topics.COMMANDS, config.hostId()), config.hostId(),
                "{\"type\":\"SomethingNewer\",\"commandId\":\"x\"}");
        publishCommand(config.hostId(), mine);

        awaitResult(mine.commandId(), ExportsApplyFailed.class);
        KafkaInspection.awaitCaughtUp(admin(), commandsGroup, Topics.ofHost(Topics.COMMANDS, config.hostId()), WAIT);
        Set<String> skipped = Set.of(forOtherHost.commandId().toString(), misaddressed.commandId().toString(),
                agents.commandId().toString());
        assertTrue(KafkaInspection.readAll(admin(), Topics.ofHost(Topics.RESULTS, config.hostId())).stream().noneMatch(record -> skipped.contains(record.key())),
                "a result was published for a command that is not this nfs-service's");
        assertEquals(KafkaGrants.nfsGroup(KafkaGrants.hostUser(NfsInfrastructure.HOST)), commandsGroup, "the group its Kafka user may use");
    }

    @Test
    void aReportOnStartTellsWhatIsExported() {
        ConsumerRecord<String, String> record = KafkaTestClient.awaitRecord(admin(), Topics.ofHost(Topics.EXPORT_REPORTS, config.hostId()),
                candidate -> config.hostId().equals(candidate.key()), WAIT);

        ExportsReport report = MessageCodec.fromJson(record.value(), ExportsReport.class);
        assertEquals(config.hostId(), report.hostId());
        if (exportfs.locate().isEmpty()) {
            assertTrue(report.error().contains("'exportfs -v' could not be started"), report.error());
            assertEquals(List.of(), report.exportsInForce());
        }
    }

    private static ApplyExports worldWithRoot(String hostId) {
        return new ApplyExports(UUID.randomUUID(), hostId, Instant.now(), 1, List.of(new ApplyExports.Export(UUID.randomUUID(),
                "/export/vm9root", List.of(new ExportClient("*", List.of("rw", "no_root_squash"), false)), false, null)));
    }

    /** As the inventory publishes it: on {@code hostId}'s commands topic, with the inventory's credential. */
    private static void publishCommand(String hostId, Versioned command) {
        KafkaTestClient.send(inventory(), Topics.ofHost(Topics.COMMANDS, hostId), hostId, MessageCodec.toJson(command));
    }

    private <T extends CommandResult> T awaitResult(UUID commandId, Class<T> type) {
        ConsumerRecord<String, String> record = KafkaTestClient.awaitRecord(admin(), Topics.ofHost(Topics.RESULTS, config.hostId()),
                candidate -> commandId.toString().equals(candidate.key()), WAIT);
        return assertInstanceOf(type, MessageCodec.fromJson(record.value(), CommandResult.class), record.value());
    }

    private static KafkaAccess admin() {
        return RealInfrastructure.kafka().admin();
    }

    private static KafkaAccess inventory() {
        return RealInfrastructure.kafka().as(KafkaBroker.INVENTORY);
    }
}
