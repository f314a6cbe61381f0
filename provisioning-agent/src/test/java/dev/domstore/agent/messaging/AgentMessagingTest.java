package dev.domstore.agent.messaging;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.is;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import dev.domstore.agent.AgentInfrastructure;
import dev.domstore.agent.TemporaryImageRoot;
import dev.domstore.agent.config.AgentConfig;
import dev.domstore.common.Filesystem;
import dev.domstore.common.Topics;
import dev.domstore.common.VolumeKind;
import dev.domstore.common.messages.CommandResult;
import dev.domstore.common.messages.CreateVolume;
import dev.domstore.common.messages.DeleteVolume;
import dev.domstore.common.messages.HostReport;
import dev.domstore.common.messages.MessageCodec;
import dev.domstore.common.messages.Versioned;
import dev.domstore.common.messages.VolumeCreated;
import dev.domstore.common.messages.VolumeDeleted;
import dev.domstore.testsupport.KafkaAccess;
import dev.domstore.testsupport.KafkaBroker;
import dev.domstore.testsupport.KafkaInspection;
import dev.domstore.testsupport.KafkaTestClient;
import dev.domstore.testsupport.RealInfrastructure;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** The agent against a real Kafka broker, making real image files: what the inventory would see. */
@QuarkusTest
@WithTestResource(value = AgentInfrastructure.class, scope = TestResourceScope.GLOBAL)
@WithTestResource(value = TemporaryImageRoot.class, scope = TestResourceScope.GLOBAL)
class AgentMessagingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final long SIXTY_FOUR_MIB = 64L << 20;

    @Inject
    AgentConfig config;

    @ConfigProperty(name = "mp.messaging.incoming.commands.group.id")
    String commandsGroup;

    @Test
    void fileVolumeIsCreatedAndDeletedThroughKafka() {
        Path image = Path.of(config.imageRoot(), uniqueName());
        CreateVolume create = createFile(config.hostId(), image);

        publishCommand(config.hostId(), create);

        VolumeCreated created = awaitResult(create.commandId(), VolumeCreated.class);
        assertEquals(create.volumeId(), created.volumeId());
        assertEquals(config.hostId(), created.hostId());
        assertEquals(image.toString(), created.path());
        assertEquals(SIXTY_FOUR_MIB, created.sizeBytes());
        assertEquals(Filesystem.EXT4, created.filesystem());
        assertTrue(created.allocatedBytes() < SIXTY_FOUR_MIB / 10, "allocated " + created.allocatedBytes());
        assertTrue(Files.isRegularFile(image));
        // Scheduled reports come once an hour in tests: a report after the result is the one the change triggered.
        HostReport afterCreation = MessageCodec.fromJson(KafkaTestClient.awaitRecord(admin(), Topics.ofHost(Topics.HOST_REPORTS, config.hostId()),
                record -> config.hostId().equals(record.key())
                        && !MessageCodec.fromJson(record.value(), HostReport.class).occurredAt().isBefore(created.occurredAt()),
                WAIT).value(), HostReport.class);
        assertEquals(config.hostId(), afterCreation.hostId());

        DeleteVolume delete = new DeleteVolume(UUID.randomUUID(), create.volumeId(), config.hostId(), Instant.now(), VolumeKind.FILE,
                create.name(), image.toString(), null);
        publishCommand(config.hostId(), delete);

        VolumeDeleted deleted = awaitResult(delete.commandId(), VolumeDeleted.class);
        assertEquals(create.volumeId(), deleted.volumeId());
        assertFalse(Files.exists(image));
    }

    @Test
    void commandsForOtherHostsAndUnreadableOnesAreSkippedWithoutHoldingUpTheNext() {
        Path foreignImage = Path.of(config.imageRoot(), uniqueName());
        CreateVolume forOtherHost = createFile("other-host-7", foreignImage);
        Path misaddressedImage = Path.of(config.imageRoot(), uniqueName());
        CreateVolume misaddressed = createFile("other-host-7", misaddressedImage);
        Path image = Path.of(config.imageRoot(), uniqueName());
        CreateVolume mine = createFile(config.hostId(), image);

        publishCommand("other-host-7", forOtherHost);
        publishCommand(config.hostId(), misaddressed);
        KafkaTestClient.send(inventory(), Topics.ofHost(Topics.COMMANDS, config.hostId()), config.hostId(), "{\"type\":\"CreateVolume\", not json");
        // The NFS exports of the same host are the nfs-service's: the agent answers nothing.
        UUID exportsCommand = UUID.randomUUID();
        KafkaTestClient.send(inventory(), Topics.ofHost(Topics.COMMANDS, config.hostId()), config.hostId(), "{\"type\":\"ApplyExports\",\"version\":1,\"commandId\":\""
                + exportsCommand + "\",\"hostId\":\"" + config.hostId() + "\",\"occurredAt\":\"2025-11-26T08:00:00Z\",\"revision\":1,"
                + "\"exports\":[]}");
        publishCommand(config.hostId(), mine);

        assertEquals(image.toString(), awaitResult(mine.commandId(), VolumeCreated.class).path());
        KafkaInspection.awaitCaughtUp(admin(), commandsGroup, Topics.ofHost(Topics.COMMANDS, config.hostId()), WAIT);
        assertFalse(Files.exists(foreignImage));
        assertFalse(Files.exists(misaddressedImage));
        assertTrue(KafkaInspection.readAll(admin(), Topics.ofHost(Topics.RESULTS, config.hostId())).stream()
                        .noneMatch(record -> record.key().equals(forOtherHost.commandId().toString())
                                || record.key().equals(misaddressed.commandId().toString())
                                || record.key().equals(exportsCommand.toString())),
                "a result was published for a command of another host");
    }

    @Test
    void sameCommandDeliveredTwiceIsCarriedOutOnceAndAnsweredWithItsFirstResult() throws Exception {
        Path image = Path.of(config.imageRoot(), uniqueName());
        CreateVolume create = createFile(config.hostId(), image);
        publishCommand(config.hostId(), create);
        awaitResult(create.commandId(), VolumeCreated.class);
        // Deleted by hand: carrying the command out again would make the image anew.
        Files.delete(image);

        publishCommand(config.hostId(), create);

        List<ConsumerRecord<String, String>> results = KafkaTestClient.awaitRecords(admin(), Topics.ofHost(Topics.RESULTS, config.hostId()),
                candidate -> create.commandId().toString().equals(candidate.key()), 2, WAIT);
        assertEquals(results.get(0).value(), results.get(1).value(), "the first result again, message id included");
        KafkaInspection.awaitCaughtUp(admin(), commandsGroup, Topics.ofHost(Topics.COMMANDS, config.hostId()), WAIT);
        assertFalse(Files.exists(image));
    }

    @Test
    void hostReportOnStartTellsWhatIsOnTheHost() {
        // The host's reports share a partition; the first one was sent on start, before any test published a command.
        ConsumerRecord<String, String> record = KafkaTestClient.awaitRecord(admin(), Topics.ofHost(Topics.HOST_REPORTS, config.hostId()),
                candidate -> config.hostId().equals(candidate.key()), WAIT);

        HostReport report = MessageCodec.fromJson(record.value(), HostReport.class);
        assertEquals(config.hostId(), report.hostId());
        assertEquals(config.imageRoot(), report.imageRoot());
        assertFalse(report.hostname().isBlank());
        assertTrue(report.imageRootFreeBytes() > 0);
        assertTrue(report.loopDeviceLimit() > 0);
        assertTrue(report.loopDevicesInUse() >= 0 && report.loopDevicesInUse() <= report.loopDeviceLimit());
        assertFalse(report.simulated());
        assertFalse(report.hostname().endsWith(".simulated"));
        assertTrue(report.blockDevices().stream().anyMatch(device -> device.sizeBytes() > 0), report.blockDevices().toString());
        assertEquals(report.loopDevicesInUse(), report.loopDevices().size());
    }

    @Test
    void readyWhenKafkaIsReachableAndTheImageRootWritable() {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", is("UP")));
    }

    private static CreateVolume createFile(String hostId, Path image) {
        return CreateVolume.file(UUID.randomUUID(), UUID.randomUUID(), hostId, Instant.now(),
                image.getFileName().toString(), SIXTY_FOUR_MIB, Filesystem.EXT4, image.toString(), null);
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

    private static String uniqueName() {
        return "vm-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static KafkaAccess admin() {
        return RealInfrastructure.kafka().admin();
    }

    private static KafkaAccess inventory() {
        return RealInfrastructure.kafka().as(KafkaBroker.INVENTORY);
    }
}
