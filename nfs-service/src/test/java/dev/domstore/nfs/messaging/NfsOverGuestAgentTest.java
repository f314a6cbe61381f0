package dev.domstore.nfs.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.domstore.common.Topics;
import dev.domstore.common.exports.ExportClient;
import dev.domstore.common.messages.ApplyExports;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.ExportsApplied;
import dev.domstore.common.messages.ExportsReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.hostexec.HostTransport;
import dev.domstore.nfs.GuestAgentNfsServer;
import dev.domstore.nfs.NfsInfrastructure;
import dev.domstore.nfs.TemporaryNfsPaths;
import dev.domstore.nfs.config.NfsConfig;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaInspection;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The nfs-service with its NFS server reached through a real qemu-guest-agent, against a real Kafka
 * broker: a guest that does not answer fails no command and gets no report; the command is applied
 * once it answers, and only then answered and committed.
 */
@QuarkusTest
@WithTestResource(value = NfsInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryNfsPaths.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = GuestAgentNfsServer.class, scope = TestResourceScope.RESTRICTED_TO_CLASS)
class NfsOverGuestAgentTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Inject
    NfsConfig config;

    @Inject
    ExportsReporter reporter;

    @ConfigProperty(name = "mp.messaging.incoming.commands.group.id")
    String commandsGroup;

    @AfterEach
    void leaveTheSharedPathsAsTheyWere() throws IOException {
        GuestAgentNfsServer.agent().start();
        Files.deleteIfExists(Path.of(config.exportsFile()));
        Files.deleteIfExists(Path.of(config.stateFile()));
    }

    @Test
    void aCommandWaitsWhileTheGuestDoesNotAnswerAndIsAppliedOnceItDoes() throws IOException {
        assertEquals(GuestAgentNfsServer.HOST_ID, config.hostId());
        assertEquals(HostTransport.GUEST_AGENT, config.transport());
        // Ready: exportfs is looked for, and the exports directory checked, in the guest.
        given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("checks.find { it.name == 'nfs-service' }.data.exportfs", is(GuestAgentNfsServer.exportfs().toString()));
        KafkaTestClient.awaitRecord(admin(), Topics.ofHost(Topics.EXPORT_REPORTS, config.hostId()), this::ofThisHost, WAIT); // the start report
        Path vm1 = Path.of(config.exportRoot(), "vm-" + UUID.randomUUID().toString().substring(0, 8));
        ApplyExports command = new ApplyExports(UUID.randomUUID(), config.hostId(), Instant.now(), 1, List.of(
                new ApplyExports.Export(UUID.randomUUID(), vm1.toString(),
                        List.of(ExportClient.parse("clients[0]", "10.0.0.1(rw,no_root_squash)", false)), true, null)));

        List<String> exportfsBefore = GuestAgentNfsServer.exportfsCalls(); // the start report's -v
        GuestAgentNfsServer.agent().stop();
        long reportsBefore = reportsOfThisHost().size();
        KafkaTestClient.send(RealInfrastructure.kafka().as(KafkaBroker.INVENTORY), Topics.ofHost(Topics.COMMANDS, config.hostId()), config.hostId(),
                MessageCodec.toJson(command));
        reporter.publish(); // as the schedule would

        // For 5 s, while the command is tried again and again: not committed, not answered, not reported.
        AssertionError waiting = assertThrows(AssertionError.class,
                () -> KafkaInspection.awaitCaughtUp(admin(), commandsGroup, Topics.ofHost(Topics.COMMANDS, config.hostId()), Duration.ofSeconds(5)));
        assertTrue(waiting.getMessage().contains("did not get through"), waiting.getMessage());
        assertEquals(List.of(), resultsOf(command.commandId()), "no result while the guest does not answer");
        assertEquals(reportsBefore, reportsOfThisHost().size(), "no report while the guest does not answer");
        assertFalse(Files.exists(Path.of(config.exportsFile())));
        assertEquals(exportfsBefore, GuestAgentNfsServer.exportfsCalls(), "exportfs did not run");

        GuestAgentNfsServer.agent().start();

        ConsumerRecord<String, String> answer = KafkaTestClient.awaitRecord(admin(), Topics.ofHost(Topics.RESULTS, config.hostId()),
                record -> command.commandId().toString().equals(record.key()), WAIT);
        ExportsApplied applied = assertInstanceOf(ExportsApplied.class, MessageCodec.fromJson(answer.value(), CommandResult.class));
        assertEquals(1, applied.appliedRevision());
        KafkaInspection.awaitCaughtUp(admin(), commandsGroup, Topics.ofHost(Topics.COMMANDS, config.hostId()), WAIT);
        assertEquals(1, resultsOf(command.commandId()).size(), "one answer, after the guest answered");
        assertTrue(Files.readString(Path.of(config.exportsFile())).contains(vm1 + " 10.0.0.1(rw,sync,no_root_squash,no_subtree_check)"));
        assertTrue(Files.isDirectory(vm1), "made in the guest");
        assertEquals(TemporaryNfsPaths.OTHER_EXPORTS, Files.readString(TemporaryNfsPaths.exportsD().resolve("local.exports")));
        List<String> exportfsAfter = GuestAgentNfsServer.exportfsCalls();
        assertEquals(List.of("-ra", "-v", "-v"), exportfsAfter.subList(exportfsBefore.size(), exportfsAfter.size()),
                "-ra, the read-back, the report after the command");
        List<ConsumerRecord<String, String>> reports = KafkaTestClient.awaitRecords(admin(), Topics.ofHost(Topics.EXPORT_REPORTS, config.hostId()),
                this::ofThisHost, (int) reportsBefore + 1, WAIT);
        assertEquals(1L, MessageCodec.fromJson(reports.get(reports.size() - 1).value(), ExportsReport.class).appliedRevision());
    }

    private boolean ofThisHost(ConsumerRecord<String, String> record) {
        return config.hostId().equals(record.key());
    }

    private List<ConsumerRecord<String, String>> reportsOfThisHost() {
        return readAll(Topics.ofHost(Topics.EXPORT_REPORTS, GuestAgentNfsServer.HOST_ID)).stream().filter(this::ofThisHost).toList();
    }

    private static List<ConsumerRecord<String, String>> resultsOf(UUID commandId) {
        return readAll(Topics.ofHost(Topics.RESULTS, GuestAgentNfsServer.HOST_ID)).stream().filter(record -> commandId.toString().equals(record.key()))
                .toList();
    }

    /** What is on {@code topic}; nothing when no record was ever published to it (run alone, this test may be the first). */
    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        try {
            return KafkaInspection.readAll(admin(), topic);
        } catch (IllegalStateException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof UnknownTopicOrPartitionException) {
                    return List.of();
                }
            }
            throw e;
        }
    }

    private static KafkaAccess admin() {
        return RealInfrastructure.kafka().admin();
    }
}
